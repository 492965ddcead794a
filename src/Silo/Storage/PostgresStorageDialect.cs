using System.Data.Common;
using Npgsql;
using Orleans.Runtime;

namespace Viidakko.Silo.Storage;

/// <summary>
/// Grain state in PostgreSQL, shared by every silo of a cluster: schema <c>viidakko</c>, payloads as
/// <c>jsonb</c> so that operators can query them.
/// </summary>
/// <remarks>
/// The schema is not created here: the versioned scripts under <c>docker/postgres/</c> are applied
/// by <c>Viidakko.Silo migrate</c> (<see cref="PostgresMigrations"/>) before silos start, and a silo
/// refuses to start against a schema older than it needs. Commits keep PostgreSQL's default
/// <c>synchronous_commit = on</c>: a write that returned is on the server's disk.
/// </remarks>
internal sealed class PostgresStorageDialect : IStorageDialect
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresStorageDialect(RelationalGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new OrleansConfigurationException(
                "PostgreSQL grain storage needs a connection string (VIIDAKKO_POSTGRES), e.g. Host=127.0.0.1;Username=viidakko;Password=...;Database=viidakko.");
        }

        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        // The same few statements run all the time: let the server keep them parsed and planned.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 16;
        }

        // Reads are short and writes go through one connection, so a silo needs few; Npgsql's default
        // of 100 per silo would let a few silos take every connection the server has.
        var given = GivenKeys(options.ConnectionString);
        if (!given.Overlaps(["maximumpoolsize", "maxpoolsize"]))
        {
            builder.MaxPoolSize = 32;
        }

        // Grain storage statements are small: one that takes longer than this is stuck on a dead
        // connection or server, and its callers are better told (UNAVAILABLE, retry) than kept
        // waiting for Npgsql's 30 s default. The same for opening a connection.
        if (!given.Contains("commandtimeout"))
        {
            builder.CommandTimeout = 10;
        }

        if (!given.Contains("timeout"))
        {
            builder.Timeout = 5;
        }

        builder.ApplicationName ??= "viidakko-silo";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public string Name => "postgresql";

    /// <summary>The keys an operator wrote into the connection string, lower case without spaces.</summary>
    private static HashSet<string> GivenKeys(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);

    public string SelectStateSql =>
        """
        SELECT payload::text, format_version, version FROM viidakko.grain_state
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key;
        """;

    public string SelectVersionSql =>
        """
        SELECT version FROM viidakko.grain_state
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key;
        """;

    public string InsertStateSql =>
        """
        INSERT INTO viidakko.grain_state (state_name, grain_type, grain_key, payload, format_version, version, updated_at)
        VALUES (@state_name, @grain_type, @grain_key, @payload::jsonb, @format_version, 1, now())
        ON CONFLICT (state_name, grain_type, grain_key) DO NOTHING;
        """;

    public string UpdateStateSql =>
        """
        UPDATE viidakko.grain_state
        SET payload = @payload::jsonb, format_version = @format_version, version = version + 1, updated_at = now()
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key AND version = @version;
        """;

    public string DeleteStateSql =>
        """
        DELETE FROM viidakko.grain_state
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key AND version = @version;
        """;

    public string SelectStateAndItemsSql =>
        """
        SELECT 0 AS kind, '' AS collection, '' AS item_key, payload::text, format_version, version FROM viidakko.grain_state
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key
        UNION ALL
        SELECT 1, collection, item_key, payload::text, format_version, NULL FROM viidakko.grain_item
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key
        ORDER BY kind;
        """;

    public string UpsertItemSql =>
        """
        INSERT INTO viidakko.grain_item (state_name, grain_type, grain_key, collection, item_key, payload, format_version)
        VALUES (@state_name, @grain_type, @grain_key, @collection, @item_key, @payload::jsonb, @format_version)
        ON CONFLICT (state_name, grain_type, grain_key, collection, item_key)
        DO UPDATE SET payload = excluded.payload, format_version = excluded.format_version;
        """;

    public string DeleteItemSql =>
        """
        DELETE FROM viidakko.grain_item
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key
          AND collection = @collection AND item_key = @item_key;
        """;

    public string DeleteItemsSql =>
        """
        DELETE FROM viidakko.grain_item
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key;
        """;

    public string InsertEventSql =>
        """
        INSERT INTO viidakko.grain_event (state_name, grain_type, grain_key, sequence, event_time, payload, format_version)
        VALUES (@state_name, @grain_type, @grain_key, @sequence, @event_time, @payload::jsonb, @format_version)
        ON CONFLICT DO NOTHING;
        """;

    public string SelectEventsSql =>
        """
        SELECT sequence, payload::text, format_version FROM viidakko.grain_event
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key AND sequence > @after
        ORDER BY sequence
        LIMIT @limit;
        """;

    // Writers commit concurrently, so neither row ids nor transaction ids follow commit order. Rows
    // of transactions older than the oldest one still running (the snapshot's xmin) are settled:
    // nothing can commit among them any more. Served in (transaction id, row id) order and only up
    // to that horizon, a row committing later always sorts after what was already returned.
    public string SelectGroupEventsSql =>
        """
        SELECT e.tx::text::bigint AS major, e.id AS minor, e.grain_key, e.sequence, e.event_time, e.payload::text, e.format_version
        FROM viidakko.grain_event e
        WHERE e.state_name = @state_name AND e.grain_type = @grain_type AND split_part(e.grain_key, '/', 1) = @group
          AND (e.tx, e.id) > ((@major)::text::xid8, @minor) AND e.tx < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY e.tx, e.id
        LIMIT @limit;
        """;

    public string DeleteEventsSql =>
        """
        DELETE FROM viidakko.grain_event
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key;
        """;

    public string PruneEventsSql =>
        """
        DELETE FROM viidakko.grain_event WHERE ctid IN (SELECT ctid FROM viidakko.grain_event WHERE event_time < @before LIMIT @limit);
        """;

    /// <summary>Checks that the migrations this build needs were applied; creates nothing.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var applied = await PostgresMigrations.AppliedVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (applied < PostgresMigrations.RequiredVersion)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL schema is at version {applied}; this silo needs version {PostgresMigrations.RequiredVersion}. "
                + "Apply the migrations first: dotnet Viidakko.Silo.dll migrate (the compose file's 'migrate' service).");
        }
    }

    public async Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public async Task<DbConnection> OpenWriteConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>After a server restart every idle pooled connection is dead; Npgsql finds out only on use.</summary>
    public void DiscardIdleConnections() => _dataSource.Clear();

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
