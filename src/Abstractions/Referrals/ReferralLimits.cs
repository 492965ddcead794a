namespace Viidakko;

/// <summary>Limits on referrals that the gateway checks at the edge and the grains apply.</summary>
public static class ReferralLimits
{
    /// <summary>Longest time a proposal may wait.</summary>
    public static readonly TimeSpan MaxExpiry = TimeSpan.FromDays(90);
}
