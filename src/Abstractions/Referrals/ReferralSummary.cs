namespace Viidakko;

/// <summary>What the referral grain tells each party's firm grain when it changes (idempotent by version).</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ReferralSummary")]
public sealed record ReferralSummary(
    string ReferralId,
    ReferralKind Kind,
    ReferralStatus Status,
    string ReferrerFirmId,
    string ReceiverFirmId,
    string CustodianFirmId,
    string ClientId,
    string ClientIdentity,
    string ClientDisplayName,
    IReadOnlyList<string> Skills,
    long FeeDueCents,
    DateTime ExpireTime,
    DateTime CustodySince,
    DateTime? CustodyUntil,
    long Version,
    DateTime CreateTime,
    DateTime UpdateTime,
    int NonSolicitMonths,
    long FeePaidCents,
    long WonValueCents,
    string? Note = null);
