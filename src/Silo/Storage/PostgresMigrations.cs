using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Viidakko.Silo.Storage;

/// <summary>
/// Applies the versioned schema scripts (<c>NN_name.sql</c>, from <c>docker/postgres/</c>, shipped
/// in the silo's <c>migrations/</c> folder) that are not applied yet, each in its own transaction,
/// recording them in <c>viidakko.schema_migrations</c>.
/// </summary>
/// <remarks>
/// Several silos or init containers may run it at once: a session advisory lock lets one apply and
/// the others then find nothing left to do.
/// </remarks>
public static partial class PostgresMigrations
{
    /// <summary>The schema version this build's storage needs.</summary>
    public const int RequiredVersion = 3;

    // Any fixed number, unique to this use among the application's advisory locks.
    private const long LockKey = 0x56_69_69_64_61_6B_6B_6F; // "Viidakko"

    /// <summary>Where the scripts are shipped: <c>migrations/</c> beside the silo's assemblies.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "migrations");

    /// <summary>Applies what is missing; returns the file names it applied (none when up to date).</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(string connectionString, string? directory = null, CancellationToken cancellationToken = default)
    {
        var scripts = Scripts(directory ?? DefaultDirectory);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({LockKey});", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null,
                """
                CREATE SCHEMA IF NOT EXISTS viidakko;
                CREATE TABLE IF NOT EXISTS viidakko.schema_migrations (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
                """,
                cancellationToken);
            var applied = await AppliedVersionAsync(connection, cancellationToken);
            var done = new List<string>();
            foreach (var (version, path) in scripts.Where(s => s.Version > applied))
            {
                var name = Path.GetFileName(path);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, await File.ReadAllTextAsync(path, cancellationToken), cancellationToken);
                await using (var record = new NpgsqlCommand("INSERT INTO viidakko.schema_migrations (version, name) VALUES (@version, @name);", connection, transaction))
                {
                    record.Parameters.AddWithValue("version", version);
                    record.Parameters.AddWithValue("name", name);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                done.Add(name);
            }

            return done;
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({LockKey});", CancellationToken.None);
        }
    }

    /// <summary>The highest applied migration, 0 when none (or no bookkeeping table yet).</summary>
    public static async Task<int> AppliedVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Two statements: a query naming a table that does not exist fails when parsed, even in a branch never taken.
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('viidakko.schema_migrations') IS NOT NULL;", connection))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return 0;
            }
        }

        await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM viidakko.schema_migrations;", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>The scripts of <paramref name="directory"/> in version order; two with one number is an error.</summary>
    public static IReadOnlyList<(int Version, string Path)> Scripts(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"No migrations directory at '{directory}'.");
        }

        var scripts = Directory.EnumerateFiles(directory, "*.sql")
            .Select(path => (Match: ScriptName().Match(Path.GetFileName(path)), Path: path))
            .Where(s => s.Match.Success)
            .Select(s => (Version: int.Parse(s.Match.Groups[1].Value, CultureInfo.InvariantCulture), s.Path))
            .OrderBy(s => s.Version)
            .ToList();
        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(s => Path.GetFileName(s.Path)))}.");
        }

        if (scripts.Count == 0 || scripts[^1].Version < RequiredVersion)
        {
            throw new InvalidOperationException($"'{directory}' lacks the migrations up to version {RequiredVersion} that this build needs.");
        }

        return scripts;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [GeneratedRegex(@"^(\d+)_[A-Za-z0-9_\-]+\.sql$")]
    private static partial Regex ScriptName();
}
