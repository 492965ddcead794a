namespace Viidakko;

/// <summary>
/// One firm's half of a partnership. Both firms hold one; they agree on everything but the
/// perspective (<see cref="ProposedBySelf"/>, fee directions).
/// </summary>
[GenerateSerializer, Immutable, Alias("viidakko.PartnershipView")]
public sealed record PartnershipView(
    string NetworkId,
    string FirmId,
    string PartnerFirmId,
    PartnershipStatus Status,
    string ProposerFirmId,
    PartnershipTerms Terms,
    string Message,
    string StatusNote,
    string LastActorFirmId,
    long Version,
    DateTime CreateTime,
    DateTime UpdateTime,
    long FeesOwedToFirmCents,
    long FeesOwedByFirmCents,
    int ReferralsSent,
    int ReferralsReceived);
