namespace Viidakko;

/// <summary>Everything a referrer supplies to create a referral or introduction.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ReferralRequest")]
public sealed record ReferralRequest(
    ReferralKind Kind,
    string ReceiverFirmId,
    string ClientId,
    Need Need,
    int Warmth,
    PartnershipTerms? TermsOverride,
    DateTime? ExpireTime,
    string Note,
    RequestTag? Request);
