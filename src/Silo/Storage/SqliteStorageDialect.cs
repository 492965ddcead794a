using System.Data.Common;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;

namespace Viidakko.Silo.Storage;

/// <summary>Grain state in one SQLite database file, for a single-silo deployment.</summary>
/// <remarks>
/// One file serves one host: SQLite's locking is not safe on network file systems, and writes from
/// several processes would contend for the single write lock.
/// </remarks>
internal sealed class SqliteStorageDialect : IStorageDialect
{
    // 'now' at millisecond precision, in the ISO 8601 form that sorts and parses everywhere.
    private const string UtcNow = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

    /// <summary>How often the log is copied back into the database file, off the writer's thread.</summary>
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    private readonly string _connectionString;
    private readonly string _databasePath;
    private Timer? _checkpointer;
    private int _checkpointing;

    public SqliteStorageDialect(RelationalGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new SqliteConnectionStringBuilder { DataSource = options.DatabasePath }
            : new SqliteConnectionStringBuilder(options.ConnectionString);

        if (string.IsNullOrWhiteSpace(builder.DataSource)
            || builder.Mode == SqliteOpenMode.Memory
            || string.Equals(builder.DataSource, ":memory:", StringComparison.Ordinal))
        {
            throw new OrleansConfigurationException(
                "SQLite grain storage needs a database file: set DatabasePath (or a ConnectionString whose Data Source is a file).");
        }

        // Absolute, so that a later change of the working directory cannot point the silo at an empty database.
        builder.DataSource = Path.GetFullPath(builder.DataSource);
        builder.Mode = SqliteOpenMode.ReadWriteCreate;
        builder.Pooling = true;
        _databasePath = builder.DataSource;
        _connectionString = builder.ToString();
    }

    public string Name => "sqlite";

    public string DatabasePath => _databasePath;

    public string SelectStateSql =>
        """
        SELECT payload, format_version, version FROM grain_state
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key;
        """;

    public string SelectVersionSql =>
        """
        SELECT version FROM grain_state
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key;
        """;

    public string InsertStateSql =>
        $"""
        INSERT INTO grain_state (state_name, grain_type, grain_key, payload, format_version, version, updated_at)
        VALUES (@state_name, @grain_type, @grain_key, @payload, @format_version, 1, {UtcNow})
        ON CONFLICT (state_name, grain_type, grain_key) DO NOTHING;
        """;

    public string UpdateStateSql =>
        $"""
        UPDATE grain_state
        SET payload = @payload, format_version = @format_version, version = version + 1, updated_at = {UtcNow}
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key AND version = @version;
        """;

    public string DeleteStateSql =>
        """
        DELETE FROM grain_state
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key AND version = @version;
        """;

    public string SelectStateAndItemsSql =>
        """
        SELECT 0 AS kind, '' AS collection, '' AS item_key, payload, format_version, version FROM grain_state
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key
        UNION ALL
        SELECT 1, collection, item_key, payload, format_version, NULL FROM grain_item
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key
        ORDER BY kind;
        """;

    public string UpsertItemSql =>
        """
        INSERT INTO grain_item (state_name, grain_type, grain_key, collection, item_key, payload, format_version)
        VALUES (@state_name, @grain_type, @grain_key, @collection, @item_key, @payload, @format_version)
        ON CONFLICT (state_name, grain_type, grain_key, collection, item_key)
        DO UPDATE SET payload = excluded.payload, format_version = excluded.format_version;
        """;

    public string DeleteItemSql =>
        """
        DELETE FROM grain_item
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key
          AND collection = @collection AND item_key = @item_key;
        """;

    public string DeleteItemsSql =>
        """
        DELETE FROM grain_item
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key;
        """;

    public string InsertEventSql =>
        """
        INSERT INTO grain_event (state_name, grain_type, grain_key, sequence, event_time, payload, format_version)
        VALUES (@state_name, @grain_type, @grain_key, @sequence, @event_time, @payload, @format_version)
        ON CONFLICT DO NOTHING;
        """;

    public string SelectEventsSql =>
        """
        SELECT sequence, payload, format_version FROM grain_event
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key AND sequence > @after
        ORDER BY sequence
        LIMIT @limit;
        """;

    // One writer commits one transaction at a time, so row ids grow in commit order (a reader's
    // snapshot never lacks a row below one it sees). The expression index keeps a network's feed a
    // range scan however long the history.
    public string SelectGroupEventsSql =>
        """
        SELECT rowid, 0, grain_key, sequence, event_time, payload, format_version FROM grain_event
        WHERE state_name = @state_name AND grain_type = @grain_type
          AND substr(grain_key, 1, instr(grain_key, '/') - 1) = @group AND rowid > @major
        ORDER BY rowid
        LIMIT @limit;
        """;

    public string DeleteEventsSql =>
        """
        DELETE FROM grain_event
        WHERE state_name = @state_name AND grain_type = @grain_type AND grain_key = @grain_key;
        """;

    public string PruneEventsSql =>
        """
        DELETE FROM grain_event WHERE rowid IN (SELECT rowid FROM grain_event WHERE event_time < @before LIMIT @limit);
        """;

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(_databasePath) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        // WAL is a property of the file (it persists), and it is what lets reads run while the
        // writer commits. A file system that refuses it would silently serialise everything.
        var journalMode = await ExecuteScalarAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken)
            .ConfigureAwait(false);
        if (!string.Equals(journalMode as string, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"SQLite database '{_databasePath}' refused WAL journal mode (got '{journalMode}').");
        }

        await ExecuteScalarAsync(
                connection,
                """
                CREATE TABLE IF NOT EXISTS grain_state (
                    state_name     TEXT    NOT NULL,
                    grain_type     TEXT    NOT NULL,
                    grain_key      TEXT    NOT NULL,
                    payload        TEXT    NOT NULL,
                    format_version INTEGER NOT NULL,
                    version        INTEGER NOT NULL,
                    updated_at     TEXT    NOT NULL,
                    PRIMARY KEY (state_name, grain_type, grain_key)
                );
                CREATE TABLE IF NOT EXISTS grain_item (
                    state_name     TEXT    NOT NULL,
                    grain_type     TEXT    NOT NULL,
                    grain_key      TEXT    NOT NULL,
                    collection     TEXT    NOT NULL,
                    item_key       TEXT    NOT NULL,
                    payload        TEXT    NOT NULL,
                    format_version INTEGER NOT NULL,
                    PRIMARY KEY (state_name, grain_type, grain_key, collection, item_key)
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS grain_event (
                    state_name     TEXT    NOT NULL,
                    grain_type     TEXT    NOT NULL,
                    grain_key      TEXT    NOT NULL,
                    sequence       INTEGER NOT NULL,
                    event_time     INTEGER NOT NULL,
                    payload        TEXT    NOT NULL,
                    format_version INTEGER NOT NULL,
                    PRIMARY KEY (state_name, grain_type, grain_key, sequence)
                );
                CREATE INDEX IF NOT EXISTS grain_event_time ON grain_event (event_time);
                CREATE INDEX IF NOT EXISTS grain_event_group
                    ON grain_event (state_name, grain_type, substr(grain_key, 1, instr(grain_key, '/') - 1));
                """,
                cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<DbConnection> OpenWriteConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // In WAL mode NORMAL (the usual pairing) may lose the last commits on power loss; FULL
            // syncs the log on every commit, which group commit makes affordable.
            await ExecuteScalarAsync(connection, "PRAGMA synchronous = FULL;", cancellationToken).ConfigureAwait(false);
            // SQLite would otherwise copy the log into the database inside whichever commit crosses
            // 1,000 pages, stalling the single writer; a timer does it beside the writer instead.
            await ExecuteScalarAsync(connection, "PRAGMA wal_autocheckpoint = 0;", cancellationToken).ConfigureAwait(false);
            _checkpointer ??= new Timer(_ => Checkpoint(), null, CheckpointInterval, CheckpointInterval);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A passive checkpoint: it never blocks the writer or readers, and skips frames still in use.</summary>
    private void Checkpoint()
    {
        if (Interlocked.Exchange(ref _checkpointing, 1) == 1)
        {
            return;
        }

        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            command.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // Busy or closing: the next tick tries again, and the log stays valid meanwhile.
        }
        finally
        {
            Volatile.Write(ref _checkpointing, 0);
        }
    }

    /// <summary>A file has no connections to lose.</summary>
    public void DiscardIdleConnections()
    {
    }

    public ValueTask DisposeAsync()
    {
        _checkpointer?.Dispose();
        _checkpointer = null;
        Checkpoint();
        // Pooled connections keep the file (and its -wal/-shm) open after the storage is gone.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private static async Task<object?> ExecuteScalarAsync(
        SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
