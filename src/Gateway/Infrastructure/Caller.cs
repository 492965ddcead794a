using System.Collections.Concurrent;
using Grpc.Core;

namespace Viidakko.Gateway.Infrastructure;

/// <summary>Who is calling: the operator, or one firm of one network.</summary>
public sealed record Caller(bool IsAdmin, string NetworkId, string FirmId)
{
    private static readonly object Key = new();

    /// <summary>The caller of the current request, set by <see cref="AuthInterceptor"/>.</summary>
    public static Caller Of(ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var caller) && caller is Caller c
            ? c
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "Missing credentials."));

    internal static void Set(ServerCallContext context, Caller caller) => context.UserState[Key] = caller;
}

/// <summary>
/// Checks <c>authorization: Bearer &lt;key&gt;</c> on every Viidakko call. AdminService takes the
/// operator key; every other Viidakko service takes a firm key and acts as that firm, so no request
/// ever names the firm it comes from. Health, reflection and HubService (ping) stay open.
/// </summary>
public sealed class AuthInterceptor(IClusterClient cluster, AdminKey adminKey, FirmKeyCache cache) : Grpc.Core.Interceptors.Interceptor
{
    private const string AdminService = "/viidakko.v1.AdminService/";
    private const string ViidakkoPrefix = "/viidakko.v1.";
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
            throw Errors.Unauthenticated("Send 'authorization: Bearer <key>' metadata.");
        }

        var key = header["Bearer ".Length..].Trim();
        if (context.Method.StartsWith(AdminService, StringComparison.Ordinal))
        {
            return adminKey.Matches(key)
                ? new Caller(true, "", "")
                : throw Errors.Unauthenticated("The admin key is not valid.");
        }

        if (!ApiKeys.TryParseFirmKey(key, out var networkId, out var firmId))
        {
            throw Errors.Unauthenticated("The API key is not valid.");
        }

        var hash = ApiKeys.Hash(key);
        if (cache.IsValid(hash))
        {
            return new Caller(false, networkId, firmId);
        }

        var result = await cluster.GetGrain<IFirmGrain>(ResourceIds.FirmKey(networkId, firmId))
            .AuthenticateAsync(hash, context.CancellationToken);
        switch (result)
        {
            case FirmAuthResult.Ok:
                cache.Remember(hash);
                return new Caller(false, networkId, firmId);
            case FirmAuthResult.Suspended:
                throw Errors.Denied(Reasons.FirmSuspended, "This firm is suspended; contact the hub operator.");
            default:
                throw Errors.Unauthenticated("The API key is not valid.");
        }
    }
}

/// <summary>
/// Remembers recently verified firm keys for a few seconds, so a busy firm's calls do not each pay
/// an extra grain call. A rotated or suspended key stops working here at once and on other gateways
/// within <see cref="Ttl"/>.
/// </summary>
public sealed class FirmKeyCache(TimeProvider clock)
{
    /// <summary>How long a verified key is trusted without asking its firm grain again.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);

    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _verified = new(StringComparer.Ordinal);

    internal bool IsValid(string hash) => _verified.TryGetValue(hash, out var until) && until > clock.GetUtcNow();

    internal void Remember(string hash)
    {
        if (_verified.Count >= MaxEntries)
        {
            _verified.Clear();
        }

        _verified[hash] = clock.GetUtcNow() + Ttl;
    }

    /// <summary>Forgets every verified key (after a rotation or suspension).</summary>
    public void Clear() => _verified.Clear();
}

/// <summary>The operator key: from configuration, else generated once into the data directory.</summary>
public sealed class AdminKey
{
    private readonly string _key;

    private AdminKey(string key, string? path)
    {
        _key = key;
        FilePath = path;
    }

    /// <summary>Where the generated key is stored; null when it came from configuration.</summary>
    public string? FilePath { get; }

    internal bool Matches(string presented) => ApiKeys.SameKey(presented, _key);

    /// <summary>Uses the configured key, or reads (first creating) <c>admin.key</c> in the data directory.</summary>
    public static AdminKey Load(HubSettings settings)
    {
        if (!string.IsNullOrEmpty(settings.AdminKey))
        {
            return new AdminKey(settings.AdminKey, null);
        }

        Directory.CreateDirectory(settings.DataDir);
        var path = Path.Combine(settings.DataDir, "admin.key");
        if (!File.Exists(path))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                // Only the hub's own user may read the operator key.
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var writer = new StreamWriter(path, options);
                writer.Write(ApiKeys.NewAdminKey());
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use theirs.
            }
        }

        return new AdminKey(File.ReadAllText(path).Trim(), path);
    }
}
