using System.Net;
using System.Threading.RateLimiting;

namespace Viidakko.Gateway.Web;

/// <summary>
/// How often one address may try to sign in (or set a password with an invitation): a token bucket
/// per client address holding <see cref="Burst"/> attempts, refilled with one a second. The account
/// lockout stops guessing one person's password; this stops one address trying many people (each
/// attempt costs the hub a slow password hash).
/// </summary>
internal sealed class SignInAttempts : IDisposable
{
    /// <summary>Attempts an address may make at once.</summary>
    public const int Burst = 60;

    private readonly PartitionedRateLimiter<string> _buckets = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            AutoReplenishment = true,
            QueueLimit = 0,
        }));

    /// <summary>Takes one attempt for <paramref name="address"/>; how long to wait when there is none left.</summary>
    public TimeSpan? TryTake(IPAddress? address)
    {
        using var lease = _buckets.AttemptAcquire(address?.ToString() ?? "unknown");
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _buckets.Dispose();
}
