using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Viidakko.Silo.Reminders;

/// <summary>
/// Durable reminders for the embedded hub, in its own SQLite file: a reminder registered before a
/// restart ticks after it (in-memory reminders would be lost, and Redis is the cluster's). One row per
/// grain and reminder name; the silo's reminder service reads the rows of its hash range. Writes are
/// rare (a reminder is registered or removed), so each is its own short transaction beside the grain
/// storage's writer, waiting for the file's write lock when that writer holds it.
/// </summary>
public sealed class SqliteReminderTable : IReminderTable
{
    private readonly string _connectionString;

    /// <param name="databasePath">The SQLite file (shared with grain storage; WAL lets both work at once).</param>
    public SqliteReminderTable(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(databasePath),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public async Task Init()
    {
        if (Path.GetDirectoryName(new SqliteConnectionStringBuilder(_connectionString).DataSource) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        await ExecuteAsync(
            """
            CREATE TABLE IF NOT EXISTS reminder (
                grain_id     TEXT    NOT NULL,
                name         TEXT    NOT NULL,
                grain_hash   INTEGER NOT NULL,
                start_ticks  INTEGER NOT NULL,
                period_ticks INTEGER NOT NULL,
                etag         TEXT    NOT NULL,
                PRIMARY KEY (grain_id, name)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS reminder_by_hash ON reminder (grain_hash);
            """,
            _ => { });
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        QueryAsync("SELECT grain_id, name, start_ticks, period_ticks, etag FROM reminder WHERE grain_id = $grain",
            c => c.Parameters.AddWithValue("$grain", grainId.ToString()));

    /// <summary>The reminders of grains whose hash lies in the ring range (begin, end], which wraps when begin ≥ end.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        QueryAsync(
            begin < end
                ? "SELECT grain_id, name, start_ticks, period_ticks, etag FROM reminder WHERE grain_hash > $begin AND grain_hash <= $end"
                : "SELECT grain_id, name, start_ticks, period_ticks, etag FROM reminder WHERE grain_hash > $begin OR grain_hash <= $end",
            c =>
            {
                c.Parameters.AddWithValue("$begin", (long)begin);
                c.Parameters.AddWithValue("$end", (long)end);
            });

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await QueryAsync(
            "SELECT grain_id, name, start_ticks, period_ticks, etag FROM reminder WHERE grain_id = $grain AND name = $name",
            c =>
            {
                c.Parameters.AddWithValue("$grain", grainId.ToString());
                c.Parameters.AddWithValue("$name", reminderName);
            });
        return rows.Reminders.FirstOrDefault();
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var etag = Guid.NewGuid().ToString("N");
        await ExecuteAsync(
            """
            INSERT INTO reminder (grain_id, name, grain_hash, start_ticks, period_ticks, etag)
            VALUES ($grain, $name, $hash, $start, $period, $etag)
            ON CONFLICT (grain_id, name) DO UPDATE SET
                start_ticks = excluded.start_ticks, period_ticks = excluded.period_ticks, etag = excluded.etag
            """,
            c =>
            {
                c.Parameters.AddWithValue("$grain", entry.GrainId.ToString());
                c.Parameters.AddWithValue("$name", entry.ReminderName);
                c.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
                c.Parameters.AddWithValue("$start", entry.StartAt.ToUniversalTime().Ticks);
                c.Parameters.AddWithValue("$period", entry.Period.Ticks);
                c.Parameters.AddWithValue("$etag", etag);
            });
        return etag;
    }

    /// <summary>Removes the reminder if it still has <paramref name="eTag"/>; false when it changed or is gone.</summary>
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        var removed = 0;
        await ExecuteAsync(
            "DELETE FROM reminder WHERE grain_id = $grain AND name = $name AND etag = $etag",
            c =>
            {
                c.Parameters.AddWithValue("$grain", grainId.ToString());
                c.Parameters.AddWithValue("$name", reminderName);
                c.Parameters.AddWithValue("$etag", eTag);
            },
            count => removed = count);
        return removed > 0;
    }

    public Task TestOnlyClearTable() => ExecuteAsync("DELETE FROM reminder", _ => { });

    private async Task<ReminderTableData> QueryAsync(string sql, Action<SqliteCommand> bind)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetString(4),
            });
        }

        return new ReminderTableData(entries);
    }

    private async Task ExecuteAsync(string sql, Action<SqliteCommand> bind, Action<int>? affected = null)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        var count = await command.ExecuteNonQueryAsync();
        affected?.Invoke(count);
    }
}
