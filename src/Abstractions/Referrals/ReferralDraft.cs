namespace Viidakko;

/// <summary>The full record the referrer's firm grain hands the new referral grain.</summary>
/// <param name="Sla">The network's service levels when the referral was made (they hold for its whole life); null: the defaults.</param>
[GenerateSerializer, Immutable, Alias("viidakko.ReferralDraft")]
public sealed record ReferralDraft(
    string NetworkId,
    string ReferralId,
    ReferralKind Kind,
    string ReferrerFirmId,
    string ReceiverFirmId,
    string CustodianFirmId,
    ClientSnapshot Client,
    Need Need,
    int Warmth,
    PartnershipTerms Terms,
    DateTime ExpireTime,
    string Note,
    string? ReturnedFromReferralId,
    string RequestFingerprint,
    SlaPolicy? Sla = null,
    RerouteChain? Reroute = null);
