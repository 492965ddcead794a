using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Viidakko.Silo.Storage;

namespace Viidakko.Cluster.Tests;

/// <summary>A real PostgreSQL (and Redis) from <c>scripts/cluster.sh infra</c>, migrated, for the storage tests.</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("viidakko-pg-").FullName;

    public string ConnectionString { get; private set; } = "";

    public string AdminConnectionString { get; private set; } = "";

    /// <summary>The Redis of the same directory (membership and reminders), e.g. <c>127.0.0.1:6379</c>.</summary>
    public string Redis { get; private set; } = "";

    /// <summary>Stops PostgreSQL as a crash would (immediate shutdown) and starts it again.</summary>
    public async Task RestartAsync()
    {
        var (killed, output) = await Scripts.RunAsync("cluster.sh", TimeSpan.FromMinutes(1), "kill", "postgres", _dir);
        Assert.True(killed == 0, output);
        (var started, output) = await Scripts.RunAsync("cluster.sh", TimeSpan.FromMinutes(1), "start", "postgres", _dir);
        Assert.True(started == 0, output);
    }

    public async Task InitializeAsync()
    {
        var (exit, output) = await Scripts.RunAsync("cluster.sh", TimeSpan.FromMinutes(5), "infra", _dir);
        Assert.True(exit == 0, output);
        var env = Scripts.ReadEnv(_dir);
        ConnectionString = env["VIIDAKKO_POSTGRES"];
        AdminConnectionString = $"Host=127.0.0.1;Port={env["PG_PORT"]};Username=postgres;Database=postgres";
        Redis = env["VIIDAKKO_REDIS"];
    }

    public async Task DisposeAsync()
    {
        await Scripts.RunAsync("cluster.sh", TimeSpan.FromMinutes(2), "down", _dir);
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}

public sealed record Line(string Sku, decimal Price);

public sealed class Journal
{
    public EventLog<Line> Log { get; set; } = new();
}

public sealed class Ledger
{
    public string Owner { get; set; } = "";

    public int Total { get; set; }

    public ItemMap<Line> Lines { get; set; } = new();
}

/// <summary>
/// The same relational grain storage as the embedded SQLite one, on PostgreSQL: jsonb rows an
/// operator can query, item rows, ETag checks, statements sent in round trips per batch.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStorageTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly IActivatorProvider Activators = new ServiceCollection()
        .AddSerializer()
        .BuildServiceProvider()
        .GetRequiredService<IActivatorProvider>();

    private readonly string _type = "test-" + Guid.NewGuid().ToString("N")[..8];
    private RelationalGrainStorage _storage = null!;

    public Task InitializeAsync()
    {
        _storage = Open(server.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task State_and_its_items_are_jsonb_rows_that_read_back()
    {
        var grain = Grain("ledger-1");
        var state = new GrainState<Ledger>(new Ledger { Owner = "Järvi & co", Total = 3 });
        state.State.Lines["a"] = new Line("axe", 12.5m);
        state.State.Lines["b"] = new Line("rope", 1m);
        await _storage.WriteStateAsync("ledger", grain, state);

        Assert.Equal("Järvi & co", await ScalarAsync(
            $"SELECT payload->>'owner' FROM viidakko.grain_state WHERE grain_type = '{_type}'"));
        Assert.Equal("axe", await ScalarAsync(
            $"SELECT payload->>'sku' FROM viidakko.grain_item WHERE grain_type = '{_type}' AND collection = 'lines' AND item_key = 'a'"));
        Assert.Equal(0L, await ScalarAsync(
            $"SELECT count(*) FROM viidakko.grain_state WHERE grain_type = '{_type}' AND payload ? 'lines'"));

        state.State.Lines.Remove("b");
        state.State.Lines["c"] = new Line("saw", 30m);
        await _storage.WriteStateAsync("ledger", grain, state);

        var read = new GrainState<Ledger>(null!);
        await _storage.ReadStateAsync("ledger", grain, read);
        Assert.Equal(("Järvi & co", 3, "2"), (read.State.Owner, read.State.Total, read.ETag));
        Assert.Equal(["a", "c"], read.State.Lines.Keys.Order());
        Assert.Equal(new Line("saw", 30m), read.State.Lines["c"]);
    }

    [Fact]
    public async Task A_stale_activation_cannot_overwrite_newer_state()
    {
        var grain = Grain("ledger-2");
        var first = new GrainState<Ledger>(new Ledger { Total = 1 });
        await _storage.WriteStateAsync("ledger", grain, first);
        var duplicate = new GrainState<Ledger>(null!);
        await _storage.ReadStateAsync("ledger", grain, duplicate);

        first.State.Total = 2;
        await _storage.WriteStateAsync("ledger", grain, first);
        duplicate.State.Total = 99;
        duplicate.State.Lines["x"] = new Line("stale", 1m);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("ledger", grain, duplicate));
        var read = new GrainState<Ledger>(null!);
        await _storage.ReadStateAsync("ledger", grain, read);
        Assert.Equal(2, read.State.Total);
        Assert.Empty(read.State.Lines);
    }

    [Fact]
    public async Task Concurrent_writes_commit_together_and_a_conflict_fails_only_its_own()
    {
        var stale = Grain("stale");
        var seed = new GrainState<Ledger>(new Ledger());
        await _storage.WriteStateAsync("ledger", stale, seed);
        await _storage.WriteStateAsync("ledger", stale, seed); // now at version 2

        var writes = Enumerable.Range(0, 200).Select(i =>
        {
            var state = new GrainState<Ledger>(new Ledger { Total = i });
            state.State.Lines["only"] = new Line($"sku-{i}", i);
            return _storage.WriteStateAsync("ledger", Grain($"many-{i}"), state);
        }).ToList();
        var conflict = _storage.WriteStateAsync("ledger", stale, new GrainState<Ledger>(new Ledger()) { ETag = "1" });

        await Task.WhenAll(writes);
        await Assert.ThrowsAsync<InconsistentStateException>(() => conflict);
        Assert.Equal(200L, await ScalarAsync($"SELECT count(*) FROM viidakko.grain_item WHERE grain_type = '{_type}'"));
        Assert.True(_storage.Writer.CommittedBatches < 200, "200 concurrent writes should share commits");
    }

    [Fact]
    public async Task Clearing_removes_the_state_and_its_items()
    {
        var grain = Grain("ledger-3");
        var state = new GrainState<Ledger>(new Ledger());
        state.State.Lines["a"] = new Line("a", 1m);
        await _storage.WriteStateAsync("ledger", grain, state);

        await _storage.ClearStateAsync("ledger", grain, state);

        Assert.Equal(0L, await ScalarAsync($"SELECT count(*) FROM viidakko.grain_item WHERE grain_type = '{_type}'"));
        var read = new GrainState<Ledger>(null!);
        await _storage.ReadStateAsync("ledger", grain, read);
        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task Migrations_apply_once_and_a_silo_refuses_an_unmigrated_database()
    {
        Assert.Empty(await PostgresMigrations.ApplyAsync(server.ConnectionString));
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            Assert.Equal(PostgresMigrations.RequiredVersion, await PostgresMigrations.AppliedVersionAsync(connection, CancellationToken.None));
        }

        var database = "empty_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(server.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database} OWNER viidakko", admin);
            await create.ExecuteNonQueryAsync();
        }

        var empty = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ConnectionString;
        await using var storage = Open(empty);
        var error = await Assert.ThrowsAnyAsync<Exception>(
            () => storage.ReadStateAsync("ledger", Grain("x"), new GrainState<Ledger>(null!)));
        Assert.True(error is InvalidOperationException, error.ToString());
        Assert.Contains("migrate", error.Message, StringComparison.Ordinal);

        // The init step brings it up to date; then the storage works.
        Assert.Equal(["01_grain_state.sql", "02_grain_event.sql", "03_event_order.sql"], await PostgresMigrations.ApplyAsync(empty));
        await storage.WriteStateAsync("ledger", Grain("x"), new GrainState<Ledger>(new Ledger { Total = 1 }));
    }

    [Fact]
    public async Task A_group_is_read_in_commit_order_and_a_slow_transaction_never_lands_behind_a_reader()
    {
        var group = "net" + Guid.NewGuid().ToString("N")[..8];
        var type = Grain("x").Type;
        await WriteEventsAsync($"{group}/a", 2);
        await WriteEventsAsync($"{group}/b", 1);
        var first = await _storage.ReadGroupAsync<Line>("journal", type, group, EventCursor.Start, 100);
        Assert.Equal([$"{group}/a:1", $"{group}/a:2", $"{group}/b:1"], first.Select(e => $"{e.GrainKey}:{e.Sequence}"));
        Assert.Equal(new Line("line-2", 2), first[1].Event);

        // A writer that took its transaction id first but commits last (a slow silo): while it runs,
        // what committed after it is held back, so no reader can pass over the place it will take.
        await using var slow = new NpgsqlConnection(server.ConnectionString);
        await slow.OpenAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            $"INSERT INTO viidakko.grain_event (state_name, grain_type, grain_key, sequence, event_time, payload, format_version) VALUES ('journal', '{_type}', '{group}/slow', 1, 0, '{{\"sku\":\"slow\",\"price\":1}}', 1)",
            slow, transaction))
        {
            await insert.ExecuteNonQueryAsync();
        }

        await WriteEventsAsync($"{group}/b", 1);
        Assert.Empty(await _storage.ReadGroupAsync<Line>("journal", type, group, first[^1].Cursor, 100));

        await transaction.CommitAsync();
        var next = await _storage.ReadGroupAsync<Line>("journal", type, group, first[^1].Cursor, 100);
        Assert.Equal([$"{group}/slow:1", $"{group}/b:2"], next.Select(e => $"{e.GrainKey}:{e.Sequence}"));
        Assert.Equal(next.Skip(1), await _storage.ReadGroupAsync<Line>("journal", type, group, next[0].Cursor, 100));

        // Other groups stay out.
        Assert.Empty(await _storage.ReadGroupAsync<Line>("journal", type, group + "x", EventCursor.Start, 100));
    }

    [Fact]
    public async Task The_group_read_uses_its_index_not_a_scan_of_the_history()
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        var sql = new PostgresStorageDialect(new RelationalGrainStorageOptions { ConnectionString = server.ConnectionString }).SelectGroupEventsSql
            .Replace("@state_name", "'journal'").Replace("@grain_type", $"'{_type}'").Replace("@group", "'n1'")
            .Replace("@major", "0").Replace("@minor", "0").Replace("@limit", "100");
        await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        // The range of the index, already in (tx, id) order: no sort of the network's history.
        Assert.Contains(plan, line => line.Contains("grain_event_group", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Sort", StringComparison.Ordinal));
    }

    private async Task WriteEventsAsync(string key, int count)
    {
        var state = new GrainState<Journal>(new Journal());
        await _storage.ReadStateAsync("journal", Grain(key), state);
        for (var i = 0; i < count; i++)
        {
            state.State.Log.Append(DateTime.UtcNow, sequence => new Line($"line-{sequence}", sequence));
        }

        await _storage.WriteStateAsync("journal", Grain(key), state);
    }

    [Fact]
    public async Task After_postgresql_restarts_the_next_reads_and_writes_succeed()
    {
        // Enough grains that the silo's pool holds several connections, all of which the restart kills.
        var states = Enumerable.Range(0, 20).Select(i => (Grain: Grain($"restart-{i}"), State: new GrainState<Ledger>(new Ledger { Total = i }))).ToList();
        await Task.WhenAll(states.Select(s => _storage.WriteStateAsync("ledger", s.Grain, s.State)));
        await Task.WhenAll(states.Select(s => _storage.ReadStateAsync("ledger", s.Grain, new GrainState<Ledger>(null!))));

        await server.RestartAsync();

        // No caller should meet a connection that died with the old server: not the first write (on
        // the writer's long-lived connection), not the reads (on pooled ones).
        states[0].State.State.Total = 0;
        await _storage.WriteStateAsync("ledger", states[0].Grain, states[0].State);
        var reads = states.Select(async s =>
        {
            var read = new GrainState<Ledger>(null!);
            await _storage.ReadStateAsync("ledger", s.Grain, read);
            return read.State.Total;
        });
        Assert.Equal(Enumerable.Range(0, 20), await Task.WhenAll(reads));
        foreach (var (_, state) in states)
        {
            state.State.Total += 100;
        }

        await Task.WhenAll(states.Select(s => _storage.WriteStateAsync("ledger", s.Grain, s.State)));
        var again = new GrainState<Ledger>(null!);
        await _storage.ReadStateAsync("ledger", states[7].Grain, again);
        Assert.Equal(107, again.State.Total);
    }

    [Fact]
    public async Task An_unreachable_database_is_a_storage_unavailable_error()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Port = 1, Timeout = 2 }.ConnectionString;
        await using var storage = Open(unreachable);
        await Assert.ThrowsAsync<StorageUnavailableException>(
            () => storage.ReadStateAsync("ledger", Grain("x"), new GrainState<Ledger>(null!)));
    }

    private GrainId Grain(string key) => GrainId.Create(_type, key);

    private static RelationalGrainStorage Open(string connectionString)
    {
        var options = new RelationalGrainStorageOptions { ConnectionString = connectionString };
        return new RelationalGrainStorage("pg", options, new PostgresStorageDialect(options), Activators, NullLogger<RelationalGrainStorage>.Instance);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private sealed class GrainState<T>(T state) : IGrainState<T>
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public T State { get; set; } = state;

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
