namespace Viidakko;

/// <summary>Everything a referrer supplies to create a referral or introduction.</summary>
/// <param name="RerouteHops">How many times the hub may offer the need to the next partner on a decline or expiry (0: never).</param>
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
    RequestTag? Request,
    int RerouteHops = 0);
