using Orleans.Storage;

namespace Viidakko.Silo.Tests.Storage;

/// <summary>
/// Event logs: each appended event is a row written in the same transaction as its state and only
/// when the state's version check passes; read back by range, never with the state; pruned by age.
/// </summary>
public sealed class EventLogStorageTests() : StorageTest("events.db")
{
    private static readonly DateTime Start = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);

    private static void Append(JournalState state, int count, DateTime time)
    {
        for (var i = 0; i < count; i++)
        {
            state.Log.Append(time, sequence => new ProfileRenamed($"name-{sequence}", (int)sequence));
        }
    }

    [Fact]
    public async Task Appended_events_are_rows_written_with_the_state_and_read_by_range()
    {
        var grain = TestStorage.Grain("j-1");
        var state = new TestGrainState<JournalState>(new JournalState { Owner = "alfa" });
        Append(state.State, 3, Start);
        await Storage.WriteStateAsync("journal", grain, state);
        Append(state.State, 2, Start.AddHours(1));
        await Storage.WriteStateAsync("journal", grain, state);

        Assert.Equal(5L, await TestStorage.ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM grain_event"));
        Assert.Equal(0, state.State.Log.PendingCount);
        var payload = (string)(await TestStorage.ScalarAsync(DatabasePath, "SELECT payload FROM grain_state"))!;
        Assert.Contains("\"log\":{\"head\":5,", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("name-1", payload, StringComparison.Ordinal);

        var page = await Storage.ReadAsync<ProfileRenamed>("journal", grain, after: 1, limit: 3);
        Assert.Equal([2L, 3L, 4L], page.Select(e => e.Sequence));
        Assert.Equal(new ProfileRenamed("name-2", 2), page[0].Event);
        Assert.Empty(await Storage.ReadAsync<ProfileRenamed>("journal", grain, after: 5, limit: 3));
        Assert.Empty(await Storage.ReadAsync<ProfileRenamed>("journal", TestStorage.Grain("other"), after: 0, limit: 3));

        // Activation reads the head, not the history.
        var read = await Storage.ReadAsync<JournalState>("journal", grain);
        Assert.Equal(5, read.State.Log.Head);
        Assert.Equal(0, read.State.Log.PendingCount);
    }

    [Fact]
    public async Task A_write_refused_by_its_version_stores_none_of_its_events_and_keeps_them_for_the_next()
    {
        var grain = TestStorage.Grain("j-2");
        var state = new TestGrainState<JournalState>(new JournalState());
        Append(state.State, 1, Start);
        await Storage.WriteStateAsync("journal", grain, state);

        // A stale copy (a second activation) appends and tries to write over the newer version.
        var stale = await Storage.ReadAsync<JournalState>("journal", grain);
        Append(state.State, 1, Start);
        await Storage.WriteStateAsync("journal", grain, state);
        Append(stale.State, 2, Start);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("journal", grain, stale));

        Assert.Equal(2L, await TestStorage.ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM grain_event"));
        Assert.Equal(2, stale.State.Log.PendingCount);
        Assert.Equal(new ProfileRenamed("name-2", 2), (await Storage.ReadAsync<ProfileRenamed>("journal", grain, 1, 10)).Single().Event);
    }

    [Fact]
    public async Task Pruning_drops_only_events_older_than_the_cut_in_batches()
    {
        var grain = TestStorage.Grain("j-3");
        var state = new TestGrainState<JournalState>(new JournalState());
        Append(state.State, 7, Start);
        Append(state.State, 2, Start.AddDays(100));
        await Storage.WriteStateAsync("journal", grain, state);

        Assert.Equal(7, await Storage.PruneEventsAsync(Start.AddDays(10), limit: 3, CancellationToken.None));

        var left = await Storage.ReadAsync<ProfileRenamed>("journal", grain, 0, 10);
        Assert.Equal([8L, 9L], left.Select(e => e.Sequence));
        Assert.Equal(0, await Storage.PruneEventsAsync(Start.AddDays(10), limit: 3, CancellationToken.None));
    }

    [Fact]
    public async Task An_event_appended_with_an_earlier_time_is_stored_no_earlier_so_pruning_drops_a_prefix_never_a_hole()
    {
        var grain = TestStorage.Grain("j-5");
        var state = new TestGrainState<JournalState>(new JournalState());
        Append(state.State, 1, Start.AddDays(10));
        Append(state.State, 1, Start);              // a step that happened earlier, learned late
        Append(state.State, 1, Start.AddDays(20));
        await Storage.WriteStateAsync("journal", grain, state);

        // Stored at day 10, 10 and 20: a cut at day 5 drops nothing (the late step is not a hole in the middle).
        Assert.Equal(0, await Storage.PruneEventsAsync(Start.AddDays(5), limit: 10, CancellationToken.None));
        Assert.Equal([1L, 2L, 3L], (await Storage.ReadAsync<ProfileRenamed>("journal", grain, 0, 10)).Select(e => e.Sequence));
        Assert.Equal(2, await Storage.PruneEventsAsync(Start.AddDays(15), limit: 10, CancellationToken.None));
        Assert.Equal([3L], (await Storage.ReadAsync<ProfileRenamed>("journal", grain, 0, 10)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Clearing_a_state_deletes_its_events()
    {
        var grain = TestStorage.Grain("j-4");
        var state = new TestGrainState<JournalState>(new JournalState());
        Append(state.State, 2, Start);
        await Storage.WriteStateAsync("journal", grain, state);
        await Storage.ClearStateAsync("journal", grain, state);
        Assert.Equal(0L, await TestStorage.ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM grain_event"));
    }
}
