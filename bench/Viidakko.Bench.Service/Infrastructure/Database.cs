using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Viidakko.Bench.Service.Infrastructure;

/// <summary>The PostgreSQL side: one pooled data source, the schema, and a health check.</summary>
internal static class Database
{
    /// <summary>
    /// A pooled data source for <paramref name="connectionString"/>. Every session runs with
    /// <c>synchronous_commit = on</c> (PostgreSQL's default, stated here so a server-wide setting cannot
    /// quietly turn it off): a call that returned OK has its commit flushed to the WAL on disk.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrWhiteSpace(builder.Options)
            ? "-c synchronous_commit=on"
            : builder.Options + " -c synchronous_commit=on";
        builder.ApplicationName ??= "viidakko-bench-service";
        return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }

    /// <summary>Creates the tables that do not exist yet (Schema.sql is idempotent), and reads back the commit mode.</summary>
    public static async Task<string> ApplySchemaAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        string sql;
        await using (var stream = typeof(Database).Assembly.GetManifestResourceStream("Viidakko.Bench.Service.Schema.sql")
            ?? throw new InvalidOperationException("Schema.sql is not embedded"))
        using (var reader = new StreamReader(stream))
        {
            sql = await reader.ReadToEndAsync(ct);
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        // Several instances starting at once on one database must not race on CREATE ... IF NOT EXISTS.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(7261001)", connection))
        {
            await lockCommand.ExecuteNonQueryAsync(ct);
        }

        try
        {
            await using var schema = new NpgsqlCommand(sql, connection);
            await schema.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(7261001)", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }

        await using var show = new NpgsqlCommand("SHOW synchronous_commit", connection);
        return (string)(await show.ExecuteScalarAsync(ct))!;
    }
}

/// <summary>SERVING while PostgreSQL answers.</summary>
internal sealed class PostgresHealthCheck(NpgsqlDataSource db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var command = db.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", e);
        }
    }
}
