using Orleans.Storage;

namespace Viidakko.Silo.Tests.Storage;

/// <summary>
/// Item maps: entries stored one row each, written only when they changed, under the same ETag
/// check and in the same transaction as their state.
/// </summary>
public sealed class ItemMapStorageTests() : StorageTest("items.db")
{
    [Fact]
    public async Task Entries_are_rows_beside_the_state_and_read_back_into_their_maps()
    {
        var grain = TestStorage.Grain("h-1");
        var state = new TestGrainState<HistoryState>(new HistoryState { Owner = "alfa" });
        state.State.Entries["r-1"] = new LineItem("axe", 12.5m, 2);
        state.State.Entries["r-2"] = new LineItem("rope", 1m, 1);
        state.State.Notes["n-1"] = new ProfileRenamed("hello", 3);

        await Storage.WriteStateAsync("history", grain, state);

        var payload = (string)(await TestStorage.ScalarAsync(DatabasePath, "SELECT payload FROM grain_state"))!;
        Assert.Contains("\"owner\":\"alfa\"", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("axe", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("entries", payload, StringComparison.Ordinal);
        Assert.Equal(3L, await TestStorage.ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM grain_item"));
        Assert.Equal("{\"sku\":\"axe\",\"price\":12.5,\"quantity\":2}", await TestStorage.ScalarAsync(DatabasePath,
            "SELECT payload FROM grain_item WHERE collection = 'entries' AND item_key = 'r-1'"));

        var read = await Storage.ReadAsync<HistoryState>("history", grain);
        Assert.Equal("alfa", read.State.Owner);
        Assert.Equal(new LineItem("axe", 12.5m, 2), read.State.Entries["r-1"]);
        Assert.Equal(new LineItem("rope", 1m, 1), read.State.Entries["r-2"]);
        Assert.Equal(new ProfileRenamed("hello", 3), Assert.Single(read.State.Notes.Values));
        Assert.Equal(0, read.State.Entries.ChangedCount); // loaded, not changed: the next write does not rewrite them
    }

    [Fact]
    public async Task A_write_stores_only_the_entries_that_changed_and_deletes_removed_ones()
    {
        var grain = TestStorage.Grain("h-2");
        var state = new TestGrainState<HistoryState>(new HistoryState());
        for (var i = 0; i < 20; i++)
        {
            state.State.Entries[$"r-{i}"] = new LineItem($"sku-{i}", i, 1);
        }

        await Storage.WriteStateAsync("history", grain, state);

        // Change a stored row behind the storage's back: if the next write rewrote every entry, it
        // would put the in-memory value back.
        await TestStorage.ScalarAsync(DatabasePath,
            "UPDATE grain_item SET payload = '{\"sku\":\"marker\",\"price\":0,\"quantity\":0}' WHERE item_key = 'r-7'");
        state.State.Entries["r-3"] = new LineItem("sku-3", 99, 9);
        state.State.Entries.Remove("r-4");
        state.State.Owner = "beta";
        await Storage.WriteStateAsync("history", grain, state);

        Assert.Equal("2", state.ETag);
        var read = await Storage.ReadAsync<HistoryState>("history", grain);
        Assert.Equal("beta", read.State.Owner);
        Assert.Equal(19, read.State.Entries.Count);
        Assert.Equal(new LineItem("sku-3", 99, 9), read.State.Entries["r-3"]);
        Assert.False(read.State.Entries.ContainsKey("r-4"));
        Assert.Equal("marker", read.State.Entries["r-7"].Sku);
    }

    [Fact]
    public async Task A_stale_write_stores_no_entries_and_keeps_them_for_the_next_write()
    {
        var grain = TestStorage.Grain("h-3");
        var current = new TestGrainState<HistoryState>(new HistoryState());
        await Storage.WriteStateAsync("history", grain, current);
        var stale = await Storage.ReadAsync<HistoryState>("history", grain);
        current.State.Entries["a"] = new LineItem("current", 1, 1);
        await Storage.WriteStateAsync("history", grain, current);

        stale.State.Entries["b"] = new LineItem("stale", 1, 1);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("history", grain, stale));

        Assert.Equal(1L, await TestStorage.ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM grain_item"));
        Assert.Equal(1, stale.State.Entries.ChangedCount); // given back: nothing silently dropped

        // With the right ETag the entry that was given back is stored.
        stale.ETag = current.ETag;
        await Storage.WriteStateAsync("history", grain, stale);
        Assert.Equal(2L, await TestStorage.ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM grain_item"));
    }

    [Fact]
    public async Task Clearing_the_state_removes_its_entries()
    {
        var grain = TestStorage.Grain("h-4");
        var other = TestStorage.Grain("h-5");
        var state = new TestGrainState<HistoryState>(new HistoryState());
        state.State.Entries["a"] = new LineItem("a", 1, 1);
        var neighbour = new TestGrainState<HistoryState>(new HistoryState());
        neighbour.State.Entries["a"] = new LineItem("kept", 1, 1);
        await Storage.WriteStateAsync("history", grain, state);
        await Storage.WriteStateAsync("history", other, neighbour);

        await Storage.ClearStateAsync("history", grain, state);

        Assert.Equal("kept", await TestStorage.ScalarAsync(DatabasePath, "SELECT json_extract(payload, '$.sku') FROM grain_item"));
        var read = await Storage.ReadAsync<HistoryState>("history", grain);
        Assert.False(read.RecordExists);
        Assert.Empty(read.State.Entries);
    }

    [Fact]
    public async Task Entries_stored_inside_an_older_payload_move_into_rows_on_the_next_write()
    {
        var grain = TestStorage.Grain("h-6");
        var before = new TestGrainState<HistoryStateBefore>(new HistoryStateBefore { Owner = "alfa" });
        before.State.Entries["r-1"] = new LineItem("axe", 1, 1);
        await Storage.WriteStateAsync("history", grain, before);

        var read = await Storage.ReadAsync<HistoryState>("history", grain);
        Assert.Equal(new LineItem("axe", 1, 1), read.State.Entries["r-1"]);
        await Storage.WriteStateAsync("history", grain, read);

        var payload = (string)(await TestStorage.ScalarAsync(DatabasePath, "SELECT payload FROM grain_state"))!;
        Assert.DoesNotContain("axe", payload, StringComparison.Ordinal);
        Assert.Equal(1L, await TestStorage.ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM grain_item"));
        Assert.Equal(new LineItem("axe", 1, 1), (await Storage.ReadAsync<HistoryState>("history", grain)).State.Entries["r-1"]);
    }
}
