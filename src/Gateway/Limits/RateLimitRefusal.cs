namespace Viidakko.Gateway.Limits;

/// <summary>Why a call did not fit its buckets: whose limit it was, and how long to wait.</summary>
public sealed record RateLimitRefusal(TimeSpan RetryAfter, string Exhausted);
