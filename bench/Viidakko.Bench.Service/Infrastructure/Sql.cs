using Npgsql;
using NpgsqlTypes;

namespace Viidakko.Bench.Service.Infrastructure;

/// <summary>Small helpers for positional (<c>$1</c>) parameters.</summary>
internal static class Sql
{
    public static NpgsqlParameter P(object? value) => new() { Value = value ?? DBNull.Value };

    /// <summary>A text parameter; typed, so that a NULL needs no type inference on the server.</summary>
    public static NpgsqlParameter P(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    public static NpgsqlParameter Jsonb(string json) => new() { Value = json, NpgsqlDbType = NpgsqlDbType.Jsonb };

    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddRange(parameters);
        return command;
    }

    public static NpgsqlBatchCommand Statement(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    /// <summary>True for a unique-constraint violation.</summary>
    public static bool IsUniqueViolation(this PostgresException e) => e.SqlState == PostgresErrorCodes.UniqueViolation;
}
