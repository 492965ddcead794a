namespace Viidakko;

/// <summary>
/// What the network knows of a firm's track record: everyone sees it (no hidden scores).
/// </summary>
/// <param name="Reputation">Recency-weighted average of the ratings the firm received (1–5); null without ratings.</param>
/// <param name="ReferralQuality">How honest and worthwhile its referrals were to receivers (1–5); null without ratings.</param>
/// <param name="KeepRatio">Kept clients / (kept clients + clients it passed on); null without clients.</param>
/// <param name="Responsiveness">How it answers the referrals it receives, against the network's deadlines.</param>
/// <param name="ConfirmedWins">Per skill: won referrals whose referrer confirmed the win.</param>
[GenerateSerializer, Immutable, Alias("viidakko.FirmStanding")]
public sealed record FirmStanding(
    double? Reputation,
    int RatingCount,
    double? ReferralQuality,
    int ReferralQualityCount,
    double? KeepRatio,
    IReadOnlyDictionary<string, int> ConfirmedWins,
    Responsiveness? Responsiveness = null)
{
    /// <summary>A firm with no history.</summary>
    public static readonly FirmStanding None = new(null, 0, null, 0, null, new Dictionary<string, int>());
}
