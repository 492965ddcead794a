namespace Viidakko;

/// <summary>A referral as one party sees it.</summary>
/// <param name="Reroute">For the referrer only: the re-routing it asked for and the hops before this one.</param>
/// <param name="ReroutedToReferralId">For the referrer only: the referral the need moved on to.</param>
/// <param name="Deadline">What the receiver must do next and by when; null when nothing is due.</param>
[GenerateSerializer, Immutable, Alias("viidakko.ReferralView")]
public sealed record ReferralView(
    string NetworkId,
    string ReferralId,
    ReferralKind Kind,
    ReferralStatus Status,
    string ReferrerFirmId,
    string ReceiverFirmId,
    string CustodianFirmId,
    string ClientId,
    Need Need,
    int Warmth,
    PartnershipTerms Terms,
    Disclosure Disclosure,
    ClientContact? ClientContact,
    DateTime ExpireTime,
    DeclineReason DeclineReason,
    LostReason LostReason,
    long WonValueCents,
    int ContractMonths,
    long FeeDueCents,
    DateTime? CustodyUntil,
    string? ReturnedFromReferralId,
    string Note,
    IReadOnlyList<ReferralEvent> Timeline,
    long Version,
    DateTime CreateTime,
    DateTime UpdateTime,
    long FeePaidCents,
    bool ReceiversOwnClient = false,
    bool OwnClientDisclosed = false,
    ReferralDeadline? Deadline = null,
    RerouteChain? Reroute = null,
    string? ReroutedToReferralId = null);
