using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Npgsql;

namespace Viidakko.Bench.Service.Infrastructure;

/// <summary>Who is calling: the operator, or one firm (with its database keys).</summary>
internal sealed record Caller(bool IsAdmin, long NetworkPk, string NetworkId, long FirmPk, string FirmId)
{
    private static readonly object Key = new();

    public static readonly Caller Admin = new(true, 0, "", 0, "");

    public string FirmName => Names.Firm(NetworkId, FirmId);

    public static Caller Of(ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var caller) && caller is Caller c
            ? c
            : throw Fail.Build(Google.Rpc.Code.Unauthenticated, "Missing credentials.", "UNAUTHENTICATED");

    /// <summary>The calling firm; PERMISSION_DENIED for the operator key on a firm call.</summary>
    public static Caller Firm(ServerCallContext context)
    {
        var caller = Of(context);
        if (caller.IsAdmin)
        {
            Fail.Denied("FIRM_KEY_REQUIRED", "This call needs a firm's API key.");
        }

        return caller;
    }

    public static void Set(ServerCallContext context, Caller caller) => context.UserState[Key] = caller;
}

/// <summary>API keys: 256 random bits, shown once; only a SHA-256 hash is stored.</summary>
internal static class ApiKeys
{
    public static string NewFirmKey() =>
        "vkb." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

/// <summary>The operator key, from BENCH_ADMIN_KEY.</summary>
internal sealed class AdminKey(string key)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);

    public bool Matches(string presented) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _key);
}

/// <summary>
/// Remembers verified firm keys for a few seconds (the hub does the same, for 5 s), so a busy
/// firm's calls do not each pay a database round trip for authentication.
/// </summary>
internal sealed class FirmKeyCache
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, (Caller Caller, long Until)> _verified = new(StringComparer.Ordinal);

    public bool TryGet(string hashHex, out Caller caller)
    {
        if (_verified.TryGetValue(hashHex, out var entry) && entry.Until > Environment.TickCount64)
        {
            caller = entry.Caller;
            return true;
        }

        caller = null!;
        return false;
    }

    public void Remember(string hashHex, Caller caller)
    {
        if (_verified.Count >= MaxEntries)
        {
            _verified.Clear();
        }

        _verified[hashHex] = (caller, Environment.TickCount64 + (long)Ttl.TotalMilliseconds);
    }

    public void Clear() => _verified.Clear();
}

/// <summary>
/// Checks <c>authorization: Bearer &lt;key&gt;</c>: AdminService takes the operator key, the other
/// Viidakko services a firm key (looked up by its hash). Ping, health and reflection stay open.
/// </summary>
internal sealed class AuthInterceptor(NpgsqlDataSource db, AdminKey adminKey, FirmKeyCache cache) : Interceptor
{
    private const string ViidakkoPrefix = "/viidakko.v1.";
    private const string AdminService = "/viidakko.v1.AdminService/";
    private const string HubService = "/viidakko.v1.HubService/";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (context.Method.StartsWith(ViidakkoPrefix, StringComparison.Ordinal) && !context.Method.StartsWith(HubService, StringComparison.Ordinal))
        {
            Caller.Set(context, await AuthenticateAsync(context));
        }

        return await continuation(request, context);
    }

    private async Task<Caller> AuthenticateAsync(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            Fail.Unauthenticated("Send 'authorization: Bearer <key>' metadata.");
        }

        var key = header["Bearer ".Length..].Trim();
        if (context.Method.StartsWith(AdminService, StringComparison.Ordinal))
        {
            return adminKey.Matches(key) ? Caller.Admin : throw Fail.Build(Google.Rpc.Code.Unauthenticated, "The admin key is not valid.", "UNAUTHENTICATED");
        }

        var hash = ApiKeys.Hash(key);
        var hashHex = Convert.ToHexString(hash);
        if (cache.TryGet(hashHex, out var cached))
        {
            return cached;
        }

        await using var command = db.CreateCommand(
            """
            SELECT f.id, f.firm_id, f.suspended, n.id, n.network_id
            FROM firms f JOIN networks n ON n.id = f.network_pk
            WHERE f.api_key_hash = $1
            """);
        command.Parameters.Add(new() { Value = hash });
        await using var reader = await command.ExecuteReaderAsync(context.CancellationToken);
        if (!await reader.ReadAsync(context.CancellationToken))
        {
            Fail.Unauthenticated("The API key is not valid.");
        }

        if (reader.GetBoolean(2))
        {
            Fail.Denied("FIRM_SUSPENDED", "This firm is suspended; contact the operator.");
        }

        var caller = new Caller(false, reader.GetInt64(3), reader.GetString(4), reader.GetInt64(0), reader.GetString(1));
        cache.Remember(hashHex, caller);
        return caller;
    }
}
