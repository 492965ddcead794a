using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Viidakko.Silo.Storage;
using Xunit.Abstractions;

namespace Viidakko.Silo.Tests.Storage;

// In a directory that does not exist yet: the storage must create it.
public sealed class RelationalGrainStorageTests(ITestOutputHelper output) : StorageTest("nested", "state.db")
{
    [Fact]
    public async Task Record_with_collections_dates_decimals_and_enums_round_trips()
    {
        var grain = TestStorage.Grain("order-1");
        var createdAt = new DateTime(2025, 3, 14, 15, 9, 26, 535, DateTimeKind.Utc).AddTicks(8979);
        var written = new OrderState(
            "Järvi & co",
            [new LineItem("axe", 12.50m, 2), new LineItem("rope", 0.0001m, 1)],
            new Dictionary<string, LineItem> { ["Axe-Key"] = new("axe", 12.50m, 2) },
            createdAt,
            new DateOnly(2025, 12, 31),
            null,
            79228162514264337593543950335m,
            Tier.Gold,
            null,
            7);

        var state = new TestGrainState<OrderState>(written);
        await Storage.WriteStateAsync("order", grain, state);
        Assert.Equal("1", state.ETag);
        Assert.True(state.RecordExists);

        var read = await Storage.ReadAsync<OrderState>("order", grain);
        Assert.True(read.RecordExists);
        Assert.Equal("1", read.ETag);
        var actual = read.State;
        Assert.Equal(written.Name, actual.Name);
        Assert.Equal(written.Items, actual.Items);
        Assert.Equal(written.BySku, actual.BySku);
        Assert.Equal(createdAt, actual.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, actual.CreatedAt.Kind);
        Assert.Equal(written.Deadline, actual.Deadline);
        Assert.Null(actual.NoDeadline);
        Assert.Equal(written.Balance, actual.Balance);
        Assert.Equal(Tier.Gold, actual.Tier);
        Assert.Null(actual.Note);
        Assert.Equal(7, actual.MaybeCount);

        var payload = (string?)await TestStorage.ScalarAsync(DatabasePath, "SELECT payload FROM grain_state");
        Assert.NotNull(payload);
        Assert.Contains("\"tier\":\"Gold\"", payload, StringComparison.Ordinal);
        Assert.Contains("\"bySku\":{\"Axe-Key\":", payload, StringComparison.Ordinal); // keys are data: not camelCased
        Assert.Contains("Järvi", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("$type", payload, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(OrderState), payload, StringComparison.Ordinal);
        Assert.Equal(1L, await TestStorage.ScalarAsync(DatabasePath, "SELECT format_version FROM grain_state"));
    }

    [Fact]
    public async Task Get_only_collections_of_a_class_round_trip()
    {
        var grain = TestStorage.Grain("ledger");
        var ledger = new LedgerState { Total = 3 };
        ledger.Counts["a"] = 1;
        ledger.Counts["b"] = 2;
        ledger.Log.Add("opened");

        await Storage.WriteStateAsync("ledger", grain, new TestGrainState<LedgerState>(ledger));
        var read = (await Storage.ReadAsync<LedgerState>("ledger", grain)).State;

        Assert.Equal(3, read.Total);
        Assert.Equal(ledger.Counts, read.Counts);
        Assert.Equal(["opened"], read.Log);
    }

    [Fact]
    public async Task Reading_a_missing_row_gives_a_fresh_state_and_no_etag()
    {
        var read = await Storage.ReadAsync<Counter>("counter", TestStorage.Grain("never-written"));

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.NotNull(read.State);
        Assert.Equal(0, read.State.Value);
    }

    [Fact]
    public async Task Each_write_advances_the_etag()
    {
        var grain = TestStorage.Grain("advancing");
        var state = new TestGrainState<Counter>(new Counter());
        for (var i = 1; i <= 3; i++)
        {
            state.State.Value = i;
            await Storage.WriteStateAsync("counter", grain, state);
            Assert.Equal(i.ToString(), state.ETag);
        }

        var read = await Storage.ReadAsync<Counter>("counter", grain);
        Assert.Equal("3", read.ETag);
        Assert.Equal(3, read.State.Value);
    }

    [Fact]
    public async Task Write_with_a_stale_etag_throws_and_keeps_the_stored_state()
    {
        var grain = TestStorage.Grain("contested");
        var first = new TestGrainState<Counter>(new Counter { Value = 1 });
        await Storage.WriteStateAsync("counter", grain, first);

        var stale = new TestGrainState<Counter>(new Counter { Value = 666 }) { ETag = first.ETag, RecordExists = true };
        first.State.Value = 2;
        await Storage.WriteStateAsync("counter", grain, first);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteStateAsync("counter", grain, stale));
        Assert.Equal("2", conflict.StoredEtag);
        Assert.Equal("1", conflict.CurrentEtag);
        Assert.Equal("1", stale.ETag); // a failed write must not pretend to have succeeded

        var read = await Storage.ReadAsync<Counter>("counter", grain);
        Assert.Equal(2, read.State.Value);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task Insert_when_a_row_exists_throws_and_keeps_the_stored_state()
    {
        var grain = TestStorage.Grain("twice-new");
        await Storage.WriteStateAsync("counter", grain, new TestGrainState<Counter>(new Counter { Value = 1 }));

        var unaware = new TestGrainState<Counter>(new Counter { Value = 2 });
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteStateAsync("counter", grain, unaware));
        Assert.Equal("1", conflict.StoredEtag);
        Assert.Null(conflict.CurrentEtag);
        Assert.False(unaware.RecordExists);

        Assert.Equal(1, (await Storage.ReadAsync<Counter>("counter", grain)).State.Value);
    }

    [Fact]
    public async Task Write_with_an_etag_for_a_missing_row_throws()
    {
        var ghost = new TestGrainState<Counter>(new Counter()) { ETag = "4", RecordExists = true };

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteStateAsync("counter", TestStorage.Grain("ghost"), ghost));
        Assert.Null(conflict.StoredEtag);
        Assert.Equal("4", conflict.CurrentEtag);
    }

    [Fact]
    public async Task Write_with_a_foreign_etag_throws_an_inconsistent_state()
    {
        var foreign = new TestGrainState<Counter>(new Counter()) { ETag = "W/\"abc\"" };

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteStateAsync("counter", TestStorage.Grain("foreign"), foreign));
    }

    [Fact]
    public async Task Clear_deletes_the_row_and_resets_the_state()
    {
        var grain = TestStorage.Grain("cleared");
        var state = new TestGrainState<Counter>(new Counter { Value = 5 });
        await Storage.WriteStateAsync("counter", grain, state);

        await Storage.ClearStateAsync("counter", grain, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State.Value);
        Assert.Equal(0L, await TestStorage.ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM grain_state"));
        var read = await Storage.ReadAsync<Counter>("counter", grain);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);

        // Writing again starts a new row.
        state.State.Value = 6;
        await Storage.WriteStateAsync("counter", grain, state);
        Assert.Equal("1", state.ETag);
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_throws_and_keeps_the_row()
    {
        var grain = TestStorage.Grain("clear-contested");
        var state = new TestGrainState<Counter>(new Counter { Value = 1 });
        await Storage.WriteStateAsync("counter", grain, state);
        var stale = new TestGrainState<Counter>(new Counter()) { ETag = state.ETag, RecordExists = true };
        await Storage.WriteStateAsync("counter", grain, state);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.ClearStateAsync("counter", grain, stale));
        Assert.Equal("2", conflict.StoredEtag);

        var unaware = new TestGrainState<Counter>(new Counter());
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync("counter", grain, unaware));

        Assert.Equal("2", (await Storage.ReadAsync<Counter>("counter", grain)).ETag);
    }

    [Fact]
    public async Task Clear_of_a_state_never_written_succeeds()
    {
        var state = new TestGrainState<Counter>(new Counter { Value = 9 });

        await Storage.ClearStateAsync("counter", TestStorage.Grain("nothing-here"), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State.Value);
    }

    [Fact]
    public async Task State_names_and_grain_types_keep_rows_apart()
    {
        var one = GrainId.Create("type-a", "same-key");
        var other = GrainId.Create("type-b", "same-key");
        await Storage.WriteStateAsync("s1", one, new TestGrainState<Counter>(new Counter { Value = 1 }));
        await Storage.WriteStateAsync("s2", one, new TestGrainState<Counter>(new Counter { Value = 2 }));
        await Storage.WriteStateAsync("s1", other, new TestGrainState<Counter>(new Counter { Value = 3 }));

        Assert.Equal(1, (await Storage.ReadAsync<Counter>("s1", one)).State.Value);
        Assert.Equal(2, (await Storage.ReadAsync<Counter>("s2", one)).State.Value);
        Assert.Equal(3, (await Storage.ReadAsync<Counter>("s1", other)).State.Value);
        Assert.Equal(
            "same-key",
            await TestStorage.ScalarAsync(DatabasePath, "SELECT DISTINCT grain_key FROM grain_state"));
        Assert.Equal(
            "type-b",
            await TestStorage.ScalarAsync(DatabasePath, "SELECT grain_type FROM grain_state WHERE state_name = 's1' ORDER BY grain_type DESC LIMIT 1"));
    }

    [Fact]
    public async Task Data_survives_reopening_the_same_file_with_a_new_storage()
    {
        var grain = TestStorage.Grain("durable");
        await Storage.WriteStateAsync("counter", grain, new TestGrainState<Counter>(new Counter { Value = 42 }));
        await Storage.DisposeAsync();

        Storage = TestStorage.Open(DatabasePath);
        var read = await Storage.ReadAsync<Counter>("counter", grain);

        Assert.True(read.RecordExists);
        Assert.Equal("1", read.ETag);
        Assert.Equal(42, read.State.Value);
    }

    [Fact]
    public async Task A_renamed_state_type_reads_what_the_old_type_wrote()
    {
        var grain = TestStorage.Grain("renamed");
        await Storage.WriteStateAsync(
            "profile", grain, new TestGrainState<ProfileOriginal>(new ProfileOriginal { Title = "Moi", Visits = 3 }));

        var read = await Storage.ReadAsync<ProfileRenamed>("profile", grain);

        Assert.Equal(new ProfileRenamed("Moi", 3), read.State);
        Assert.Equal("1", read.ETag);
    }

    [Fact]
    public async Task Unknown_json_properties_are_ignored_and_a_write_back_succeeds()
    {
        var grain = TestStorage.Grain("from-the-future");
        await Storage.WriteStateAsync(
            "profile",
            grain,
            new TestGrainState<ProfileFromNewerBuild>(new ProfileFromNewerBuild { Title = "Uusi", Visits = 1, Badges = ["x"] }));
        await TestStorage.ScalarAsync(
            DatabasePath, """UPDATE grain_state SET payload = json_set(payload, '$.addedLater', json('{"deep":[1,2]}'))""");

        var read = await Storage.ReadAsync<ProfileOriginal>("profile", grain);
        Assert.Equal("Uusi", read.State.Title);
        Assert.Equal(1, read.State.Visits);

        read.State.Visits = 2;
        await Storage.WriteStateAsync("profile", grain, read);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task A_row_in_a_newer_format_is_refused_rather_than_misread()
    {
        var grain = TestStorage.Grain("newer-format");
        await Storage.WriteStateAsync("counter", grain, new TestGrainState<Counter>(new Counter { Value = 1 }));
        await TestStorage.ScalarAsync(DatabasePath, "UPDATE grain_state SET format_version = 2");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Storage.ReadAsync<Counter>("counter", grain));
        Assert.Contains("format version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Database_uses_wal_and_the_table_has_the_documented_columns()
    {
        await Storage.ReadAsync<Counter>("counter", TestStorage.Grain("warm-up"));

        Assert.True(File.Exists(DatabasePath));
        Assert.Equal("wal", await TestStorage.ScalarAsync(DatabasePath, "PRAGMA journal_mode"));
        Assert.Equal(
            "state_name,grain_type,grain_key,payload,format_version,version,updated_at",
            await TestStorage.ScalarAsync(DatabasePath, "SELECT group_concat(name) FROM pragma_table_info('grain_state')"));
        Assert.Equal(
            3L,
            await TestStorage.ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM pragma_table_info('grain_state') WHERE pk > 0"));
    }

    [Fact]
    public async Task Concurrent_writes_to_many_grains_all_land_with_their_own_etag_sequences()
    {
        const int grains = 500;
        const int writesPerGrain = 3;
        await Storage.ReadAsync<Counter>("counter", TestStorage.Grain("warm-up")); // schema ready: writes queue at once

        var etags = await Task.WhenAll(Enumerable.Range(0, grains).Select(async i =>
        {
            var grain = TestStorage.Grain($"parallel-{i}");
            var state = new TestGrainState<Counter>(new Counter());
            var seen = new List<string?>();
            for (var w = 1; w <= writesPerGrain; w++)
            {
                state.State.Value = i * 10 + w;
                await Storage.WriteStateAsync("counter", grain, state);
                seen.Add(state.ETag);
            }

            return seen;
        }));

        Assert.All(etags, seen => Assert.Equal(["1", "2", "3"], seen));
        for (var i = 0; i < grains; i++)
        {
            var read = await Storage.ReadAsync<Counter>("counter", TestStorage.Grain($"parallel-{i}"));
            Assert.Equal(i * 10 + writesPerGrain, read.State.Value);
            Assert.Equal("3", read.ETag);
        }

        Assert.Equal((long)grains, await TestStorage.ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM grain_state"));
        Assert.Equal(grains * writesPerGrain, Storage.Writer.CommittedWrites);
        output.WriteLine($"{Storage.Writer.CommittedWrites} writes in {Storage.Writer.CommittedBatches} transactions");
        // Group commit: writes queued together shared transactions.
        Assert.True(
            Storage.Writer.CommittedBatches < grains * writesPerGrain,
            $"{Storage.Writer.CommittedBatches} transactions for {grains * writesPerGrain} writes");
    }

    [Fact]
    public async Task A_stale_write_among_concurrent_writes_fails_alone()
    {
        const int grains = 200;
        var states = new TestGrainState<Counter>[grains];
        for (var i = 0; i < grains; i++)
        {
            states[i] = new TestGrainState<Counter>(new Counter { Value = 1 });
            await Storage.WriteStateAsync("counter", TestStorage.Grain($"mixed-{i}"), states[i]);
        }

        states[17].ETag = "99"; // this one has lost track of the stored version
        var writes = Enumerable.Range(0, grains).Select(i =>
        {
            states[i].State.Value = 2;
            return Storage.WriteStateAsync("counter", TestStorage.Grain($"mixed-{i}"), states[i]);
        }).ToArray();
        await Assert.ThrowsAnyAsync<Exception>(() => Task.WhenAll(writes));

        Assert.IsType<InconsistentStateException>(writes[17].Exception?.InnerException);
        Assert.All(writes.Where((_, i) => i != 17), write => Assert.True(write.IsCompletedSuccessfully));
        for (var i = 0; i < grains; i++)
        {
            var read = await Storage.ReadAsync<Counter>("counter", TestStorage.Grain($"mixed-{i}"));
            Assert.Equal(i == 17 ? 1 : 2, read.State.Value);
        }
    }

    [Fact]
    public async Task Disposing_commits_every_write_already_queued()
    {
        await Storage.ReadAsync<Counter>("counter", TestStorage.Grain("warm-up"));
        var writes = Enumerable.Range(0, 100)
            .Select(i => Storage.WriteStateAsync(
                "counter", TestStorage.Grain($"drain-{i}"), new TestGrainState<Counter>(new Counter { Value = i })))
            .ToArray();

        await Storage.DisposeAsync();

        // Already in the file when DisposeAsync returns (the callers' tasks finish just after).
        Assert.Equal(100L, await TestStorage.ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM grain_state WHERE grain_key LIKE 'drain-%'"));
        await Task.WhenAll(writes);
        Storage = TestStorage.Open(DatabasePath);
        Assert.Equal(99, (await Storage.ReadAsync<Counter>("counter", TestStorage.Grain("drain-99"))).State.Value);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
        {
            var stopped = TestStorage.Open(DatabasePath);
            await stopped.DisposeAsync();
            await stopped.WriteStateAsync("counter", TestStorage.Grain("late"), new TestGrainState<Counter>(new Counter()));
        });
    }

    [Fact]
    public async Task A_cancelled_token_stops_a_write_that_has_not_been_queued()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var grain = TestStorage.Grain("cancelled");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Storage.WriteStateAsync(
            "counter", grain, new TestGrainState<Counter>(new Counter { Value = 1 }), cancelled.Token));

        Assert.False((await Storage.ReadAsync<Counter>("counter", grain)).RecordExists);
    }

    [Fact]
    public void An_in_memory_database_is_refused()
    {
        Assert.Throws<OrleansConfigurationException>(
            () => new SqliteStorageDialect(new RelationalGrainStorageOptions { ConnectionString = "Data Source=:memory:" }));
        Assert.Throws<OrleansConfigurationException>(
            () => new SqliteStorageDialect(new RelationalGrainStorageOptions()));
    }
}
