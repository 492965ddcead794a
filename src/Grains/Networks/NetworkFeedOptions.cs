namespace Viidakko.Grains;

/// <summary>How the operator's network feed follows what the firms store.</summary>
public sealed class NetworkFeedOptions
{
    /// <summary>
    /// How often a waiting watch looks for newly stored events (one indexed query each, only while
    /// an operator watches); also about the feed's delay after a commit.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
