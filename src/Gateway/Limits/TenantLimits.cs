using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Viidakko.Gateway.Hosting;

namespace Viidakko.Gateway.Limits;

/// <summary>
/// Keeps one firm, or one network, from taking a gateway from the others: token buckets
/// (<see cref="System.Threading.RateLimiting"/>) per firm and per network, filled with
/// <see cref="ApiGatewayOptions.FirmRateLimit"/> and <see cref="ApiGatewayOptions.NetworkRateLimit"/>
/// cost units a second (see <see cref="MethodCosts"/>), holding twice that for bursts; and a count of
/// each firm's open event watches. The buckets are this gateway's own: with n gateways behind a load
/// balancer, a firm may spend up to n times its limit.
/// </summary>
public sealed class TenantLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _firms;
    private readonly PartitionedRateLimiter<string>? _networks;
    private readonly ConcurrentDictionary<string, int> _watches = new();

    public TenantLimits(IOptions<ApiGatewayOptions> options)
    {
        var o = options.Value;
        FirmLimit = o.FirmRateLimit;
        NetworkLimit = o.NetworkRateLimit;
        MaxWatches = o.MaxWatchesPerFirm;
        _firms = Buckets(FirmLimit);
        _networks = Buckets(NetworkLimit);
    }

    /// <summary>Cost units a firm may spend per second (0: no limit).</summary>
    public int FirmLimit { get; }

    /// <summary>Cost units a network's firms may spend together per second (0: no limit).</summary>
    public int NetworkLimit { get; }

    /// <summary>Event watches one firm may hold open here.</summary>
    public int MaxWatches { get; }

    /// <summary>
    /// Takes <paramref name="cost"/> from the firm's bucket and then the network's; false (with how
    /// long to wait, and whose limit it was) when either has not enough left.
    /// </summary>
    public bool TrySpend(string networkId, string firmId, int cost, out TimeSpan retryAfter, out string exhausted)
    {
        retryAfter = TimeSpan.Zero;
        exhausted = "";
        if (cost == 0)
        {
            return true;
        }

        if (!TryTake(_firms, $"{networkId}/{firmId}", cost, out retryAfter))
        {
            exhausted = $"your firm ({FirmLimit} cost units a second)";
            return false;
        }

        if (!TryTake(_networks, networkId, cost, out retryAfter))
        {
            exhausted = $"network '{networkId}' ({NetworkLimit} cost units a second for all its firms)";
            return false;
        }

        return true;
    }

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
        _firms?.Dispose();
        _networks?.Dispose();
    }

    private void Close(string key)
    {
        // Remove the entry once its last watch closes, so idle firms leave nothing behind.
        if (_watches.AddOrUpdate(key, 0, (_, n) => n - 1) <= 0)
        {
            _watches.TryRemove(new KeyValuePair<string, int>(key, 0));
        }
    }

    private static bool TryTake(PartitionedRateLimiter<string>? limiter, string key, int cost, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (limiter is null)
        {
            return true;
        }

        using var lease = limiter.AttemptAcquire(key, cost);
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        return false;
    }

    private static PartitionedRateLimiter<string>? Buckets(int perSecond)
    {
        if (perSecond <= 0)
        {
            return null;
        }

        // Refilled ten times a second (smoothly) from 10 units a second up; below that, once a second.
        var (period, tokens) = perSecond >= 10 ? (TimeSpan.FromMilliseconds(100), perSecond / 10) : (TimeSpan.FromSeconds(1), perSecond);
        var options = new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(2 * perSecond, MethodCosts.Max),
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            AutoReplenishment = true,
            QueueLimit = 0,
        };
        return PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => options));
    }

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
