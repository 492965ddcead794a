using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Viidakko.Gateway.Hosting;

namespace Viidakko.Gateway.Limits;

/// <summary>
/// Keeps one firm, or one network, from taking a gateway from the others: token buckets
/// (<see cref="System.Threading.RateLimiting"/>) per firm and per network, filled with
/// <see cref="ApiGatewayOptions.FirmRateLimit"/> and <see cref="ApiGatewayOptions.NetworkRateLimit"/>
/// cost units a second, or the network's own <see cref="NetworkLimits"/> where the operator set them
/// (see <see cref="MethodCosts"/>), holding twice that for bursts; and a count of
/// each firm's open event watches. The buckets are this gateway's own: with n gateways behind a load
/// balancer, a firm may spend up to n times its limit.
/// </summary>
public sealed class TenantLimits : IDisposable
{
    /// <summary>How long a gateway trusts a network's limits it read (the gateway that changed them forgets at once).</summary>
    public static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(10);

    private readonly IClusterClient _cluster;
    private readonly TimeProvider _clock;
    private readonly PartitionedRateLimiter<string> _firms = Buckets();
    private readonly PartitionedRateLimiter<string> _networks = Buckets();
    private readonly ConcurrentDictionary<string, (NetworkLimits Limits, DateTime Until)> _known = new();
    private readonly ConcurrentDictionary<string, int> _watches = new();

    public TenantLimits(IOptions<ApiGatewayOptions> options, IClusterClient cluster, TimeProvider clock)
    {
        var o = options.Value;
        FirmLimit = o.FirmRateLimit;
        NetworkLimit = o.NetworkRateLimit;
        MaxWatches = o.MaxWatchesPerFirm;
        _cluster = cluster;
        _clock = clock;
    }

    /// <summary>The hub's default: cost units a firm may spend per second (0: no limit).</summary>
    public int FirmLimit { get; }

    /// <summary>The hub's default: cost units a network's firms may spend together per second (0: no limit).</summary>
    public int NetworkLimit { get; }

    /// <summary>Event watches one firm may hold open here.</summary>
    public int MaxWatches { get; }

    /// <summary>
    /// Takes <paramref name="cost"/> from the firm's bucket and then the network's, at the network's
    /// own limits where the operator set them; the refusal when either has not enough left.
    /// </summary>
    public async ValueTask<RateLimitRefusal?> SpendAsync(string networkId, string firmId, int cost, CancellationToken cancellationToken)
    {
        if (cost == 0)
        {
            return null;
        }

        var own = await LimitsOfAsync(networkId, cancellationToken);
        var firmLimit = own.FirmCostPerSecond > 0 ? own.FirmCostPerSecond : FirmLimit;
        var networkLimit = own.NetworkCostPerSecond > 0 ? own.NetworkCostPerSecond : NetworkLimit;
        // The limit is part of the bucket's key: a changed limit starts a bucket of its own size.
        if (firmLimit > 0 && !TryTake(_firms, $"{firmLimit}|{networkId}/{firmId}", cost, out var retryAfter))
        {
            return new RateLimitRefusal(retryAfter, $"your firm ({firmLimit} cost units a second)");
        }

        if (networkLimit > 0 && !TryTake(_networks, $"{networkLimit}|{networkId}", cost, out retryAfter))
        {
            return new RateLimitRefusal(retryAfter, $"network '{networkId}' ({networkLimit} cost units a second for all its firms)");
        }

        return null;
    }

    /// <summary>Reads the network's limits again at its next call (after the operator changed them here).</summary>
    public void Forget(string networkId) => _known.TryRemove(networkId, out _);

    /// <summary>Counts a watch the firm opens; null when it already holds <see cref="MaxWatches"/> here. Dispose to close it.</summary>
    public IDisposable? OpenWatch(string networkId, string firmId)
    {
        var key = $"{networkId}/{firmId}";
        if (_watches.AddOrUpdate(key, 1, (_, n) => n + 1) > MaxWatches)
        {
            Close(key);
            return null;
        }

        return new Watch(this, key);
    }

    public void Dispose()
    {
        _firms.Dispose();
        _networks.Dispose();
    }

    private async ValueTask<NetworkLimits> LimitsOfAsync(string networkId, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        if (_known.TryGetValue(networkId, out var known) && known.Until > now)
        {
            return known.Limits;
        }

        NetworkLimits limits;
        try
        {
            limits = await _cluster.GetGrain<INetworkGrain>(networkId).GetLimitsAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The limits could not be read (a silo restarting): the hub's defaults hold meanwhile,
            // and the call is not failed for it.
            limits = known.Limits ?? NetworkLimits.Default;
        }

        _known[networkId] = (limits, now + CacheTime);
        return limits;
    }

    private void Close(string key)
    {
        // Remove the entry once its last watch closes, so idle firms leave nothing behind.
        if (_watches.AddOrUpdate(key, 0, (_, n) => n - 1) <= 0)
        {
            _watches.TryRemove(new KeyValuePair<string, int>(key, 0));
        }
    }

    private static bool TryTake(PartitionedRateLimiter<string> limiter, string key, int cost, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        using var lease = limiter.AttemptAcquire(key, cost);
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        return false;
    }

    /// <summary>Token buckets keyed <c>{limit}|{who}</c>: each holds twice its limit and refills smoothly (ten times a second from 10 units a second up).</summary>
    private static PartitionedRateLimiter<string> Buckets() =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, k =>
        {
            var perSecond = int.Parse(k.AsSpan(0, k.IndexOf('|')), System.Globalization.CultureInfo.InvariantCulture);
            var (period, tokens) = perSecond >= 10 ? (TimeSpan.FromMilliseconds(100), perSecond / 10) : (TimeSpan.FromSeconds(1), perSecond);
            return new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(2 * perSecond, MethodCosts.Max),
                TokensPerPeriod = tokens,
                ReplenishmentPeriod = period,
                AutoReplenishment = true,
                QueueLimit = 0,
            };
        }));

    private sealed class Watch(TenantLimits limits, string key) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                limits.Close(key);
            }
        }
    }
}
