namespace Viidakko;

/// <summary>Limits on referrals that the gateway checks at the edge and the grains apply.</summary>
public static class ReferralLimits
{
    /// <summary>How long a proposal waits for an answer when the referrer names no expire time.</summary>
    public static readonly TimeSpan DefaultExpiry = TimeSpan.FromDays(14);

    /// <summary>Longest time a proposal may wait.</summary>
    public static readonly TimeSpan MaxExpiry = TimeSpan.FromDays(90);
}
