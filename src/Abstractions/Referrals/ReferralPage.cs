namespace Viidakko;

/// <summary>A page of referral summaries.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ReferralPage")]
public sealed record ReferralPage(IReadOnlyList<ReferralSummary> Referrals, string? NextAfterKey);
