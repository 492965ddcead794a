namespace Viidakko;

/// <summary>What the referral grain tells each party's firm grain when it changes (idempotent by version).</summary>
/// <param name="ReceiversOwnClient">The client was already the receiver's own (the referrer's firm never shows it before <paramref name="OwnClientDisclosed"/>).</param>
/// <param name="OwnClientDisclosed">The receiver told the referrer so (declined with that reason, or accepted).</param>
/// <param name="StepCount">How many timeline steps the referral has had (the firm keeps the count, not the steps).</param>
/// <param name="Deadline">The receiver's current deadline (answer, or first contact once accepted); null when nothing is due.</param>
/// <param name="FirstContactMissed">The receiver accepted but did not start the work by its first-contact deadline.</param>
/// <param name="RerouteHopsLeft">With re-routing asked for: how many more times the referrer's firm may offer the need on, should this hop be declined or expire (0: it tells the referrer the need is back); null without.</param>
/// <param name="Difficulty">The client's difficulty as disclosed to the receiver when the referral was made (null in summaries stored before it was kept).</param>
/// <param name="Steps">The timeline, carried to the firms so that each learns every step in order (its event feed); never stored with the firm.</param>
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
    string? Note = null,
    bool ReceiversOwnClient = false,
    bool OwnClientDisclosed = false,
    int StepCount = 0,
    IReadOnlyList<ReferralEvent>? Steps = null,
    DeclineReason DeclineReason = DeclineReason.Unspecified,
    LostReason LostReason = LostReason.Unspecified,
    ReferralDeadline? Deadline = null,
    bool FirstContactMissed = false,
    int? RerouteHopsLeft = null,
    Difficulty? Difficulty = null);
