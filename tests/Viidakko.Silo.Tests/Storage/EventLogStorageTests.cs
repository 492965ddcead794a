using Orleans.Storage;
using Viidakko.Silo.Storage;

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

    [Fact]
    public async Task A_group_is_read_across_its_grains_in_commit_order_and_resumes_after_a_cursor()
    {
        // Three firms of network "n1" and one of "n2" write in turns.
        var writes = new[] { "n1/a", "n1/b", "n2/x", "n1/a", "n1/c", "n1/b" };
        var states = writes.Distinct().ToDictionary(k => k, _ => new TestGrainState<JournalState>(new JournalState()));
        foreach (var key in writes)
        {
            Append(states[key].State, 2, Start);
            await Storage.WriteStateAsync("journal", TestStorage.Grain(key), states[key]);
        }

        var type = TestStorage.Grain("n1/a").Type;
        var all = await Storage.ReadGroupAsync<ProfileRenamed>("journal", type, "n1", EventCursor.Start, 100);
        Assert.Equal(
            ["n1/a:1", "n1/a:2", "n1/b:1", "n1/b:2", "n1/a:3", "n1/a:4", "n1/c:1", "n1/c:2", "n1/b:3", "n1/b:4"],
            all.Select(e => $"{e.GrainKey}:{e.Sequence}"));
        Assert.Equal(new ProfileRenamed("name-3", 3), all[4].Event);
        Assert.Equal(Start, all[0].Time);

        // Resuming after any cursor returns exactly what followed it.
        var page = await Storage.ReadGroupAsync<ProfileRenamed>("journal", type, "n1", all[3].Cursor, 3);
        Assert.Equal(all.Skip(4).Take(3).Select(e => e.Cursor), page.Select(e => e.Cursor));
        Assert.Empty(await Storage.ReadGroupAsync<ProfileRenamed>("journal", type, "n1", all[^1].Cursor, 100));

        // Another group, another grain type and another state name are not part of it.
        Assert.Equal(["n2/x"], (await Storage.ReadGroupAsync<ProfileRenamed>("journal", type, "n2", EventCursor.Start, 100)).Select(e => e.GrainKey).Distinct());
        Assert.Empty(await Storage.ReadGroupAsync<ProfileRenamed>("journal", type, "n", EventCursor.Start, 100));
        Assert.Empty(await Storage.ReadGroupAsync<ProfileRenamed>("other", type, "n1", EventCursor.Start, 100));
        Assert.Empty(await Storage.ReadGroupAsync<ProfileRenamed>("journal", GrainId.Create("other-type", "n1/a").Type, "n1", EventCursor.Start, 100));
    }

    [Fact]
    public async Task A_group_read_is_a_range_of_an_index_not_a_scan_of_the_history()
    {
        var state = new TestGrainState<JournalState>(new JournalState());
        Append(state.State, 1, Start);
        await Storage.WriteStateAsync("journal", TestStorage.Grain("n1/a"), state);

        // The statement the storage runs, as SQLite plans it: a search of the group's index by row id, no sort.
        var sql = new SqliteStorageDialect(new RelationalGrainStorageOptions { DatabasePath = DatabasePath }).SelectGroupEventsSql
            .Replace("@state_name", "'journal'").Replace("@grain_type", "'test-grain'").Replace("@group", "'n1'")
            .Replace("@major", "0").Replace("@limit", "100");
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Contains(plan, step => step.Contains("USING INDEX grain_event_group", StringComparison.Ordinal) && step.Contains("rowid>?", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
