namespace Viidakko;

// Messages passed between the gateway and grains. Records with primary constructors get implicit
// serializer ids from parameter order: append new parameters at the end, never reorder.

/// <summary>A network (tenant): a regional hub of partner firms.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.NetworkView")]
public sealed record NetworkView(string NetworkId, string DisplayName, string Region, DateTime CreateTime, int FirmCount);

/// <summary>How busy a firm is.</summary>
[GenerateSerializer, Alias("viidakko.CapacityStatus")]
public enum CapacityStatus { Unspecified = 0, Available = 1, Busy = 2, Full = 3 }

/// <summary>A skill a firm offers, with a self-declared level 1–5.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.Capability")]
public sealed record Capability(string Skill, int Level);

/// <summary>A person at a firm. E-mail and phone are shown to partners only.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.Person")]
public sealed record Person(string Name, string Role, string Email, string Phone);

/// <summary>A firm's profile as the firm maintains it.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.FirmProfile")]
public sealed record FirmProfile(
    string DisplayName,
    string City,
    string Description,
    IReadOnlyList<Person> People,
    IReadOnlyList<Capability> Capabilities,
    IReadOnlyList<string> Traits,
    CapacityStatus Capacity,
    DateOnly? NextFreeDate);

/// <summary>Which profile fields an update touches (AIP-134 update mask paths).</summary>
public static class FirmProfileFields
{
    public const string DisplayName = "display_name";
    public const string City = "city";
    public const string Description = "description";
    public const string People = "people";
    public const string Capabilities = "capabilities";
    public const string Traits = "traits";
    public const string Capacity = "capacity";
    public const string NextFreeDate = "next_free_date";

    /// <summary>Every path a firm may update.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
        { DisplayName, City, Description, People, Capabilities, Traits, Capacity, NextFreeDate };
}

/// <summary>How much of a firm's profile the viewer may see.</summary>
[GenerateSerializer, Alias("viidakko.FirmVisibility")]
public enum FirmVisibility { Public = 0, Partner = 1, Self = 2 }

/// <summary>
/// What the network knows of a firm's track record: everyone sees it (no hidden scores).
/// </summary>
/// <param name="Reputation">Recency-weighted average of the ratings the firm received (1–5); null without ratings.</param>
/// <param name="ReferralQuality">How honest and worthwhile its referrals were to receivers (1–5); null without ratings.</param>
/// <param name="KeepRatio">Kept clients / (kept clients + clients it passed on); null without clients.</param>
/// <param name="ConfirmedWins">Per skill: won referrals whose referrer confirmed the win.</param>
[GenerateSerializer, Immutable, Alias("viidakko.FirmStanding")]
public sealed record FirmStanding(
    double? Reputation,
    int RatingCount,
    double? ReferralQuality,
    int ReferralQualityCount,
    double? KeepRatio,
    IReadOnlyDictionary<string, int> ConfirmedWins)
{
    /// <summary>A firm with no history.</summary>
    public static readonly FirmStanding None = new(null, 0, null, 0, null, new Dictionary<string, int>());
}

/// <summary>A firm as seen by a viewer (people's e-mail and phone only for partners and self).</summary>
[GenerateSerializer, Immutable, Alias("viidakko.FirmView")]
public sealed record FirmView(
    string NetworkId,
    string FirmId,
    FirmProfile Profile,
    bool Suspended,
    FirmVisibility Visibility,
    DateTime CreateTime,
    DateTime UpdateTime,
    FirmStanding Standing);

/// <summary>A network directory page.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.FirmPage")]
public sealed record FirmPage(IReadOnlyList<FirmView> Firms, string? NextAfterFirmId, int TotalSize);

/// <summary>Result of checking a presented API key against a firm.</summary>
[GenerateSerializer, Alias("viidakko.FirmAuthResult")]
public enum FirmAuthResult { Unknown = 0, Ok = 1, Suspended = 2 }

// ---------------------------------------------------------------- partnerships

/// <summary>The agreed terms of a partnership, copied into each referral.</summary>
/// <param name="FeePercent">Referral fee as a percentage (0–50) of the won value.</param>
/// <param name="FeeCapMonths">The fee applies to at most this many months of the won contract; 0 = no cap.</param>
/// <param name="NonSolicitMonths">How long after a referral ends the receiver may not take the client as its own.</param>
/// <param name="Scope">Skills (service lines) that may be referred; empty = any.</param>
[GenerateSerializer, Immutable, Alias("viidakko.PartnershipTerms")]
public sealed record PartnershipTerms(decimal FeePercent, int FeeCapMonths, int NonSolicitMonths, IReadOnlyList<string> Scope);

/// <summary>Partnership lifecycle.</summary>
[GenerateSerializer, Alias("viidakko.PartnershipStatus")]
public enum PartnershipStatus { Unspecified = 0, Proposed = 1, Active = 2, Declined = 3, Ended = 4 }

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

/// <summary>A page of partnerships.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.PartnershipPage")]
public sealed record PartnershipPage(IReadOnlyList<PartnershipView> Partnerships, string? NextAfterPartnerId);

/// <summary>What one side tells the other when a partnership changes (idempotent by version).</summary>
[GenerateSerializer, Immutable, Alias("viidakko.PartnershipChange")]
public sealed record PartnershipChange(
    string FromFirmId,
    PartnershipStatus Status,
    string ProposerFirmId,
    PartnershipTerms Terms,
    string Message,
    string StatusNote,
    string LastActorFirmId,
    long Version,
    DateTime CreateTime,
    DateTime UpdateTime);

// ---------------------------------------------------------------- clients

/// <summary>Kinds of hassle a client causes.</summary>
[GenerateSerializer, Alias("viidakko.HassleKind")]
public enum HassleKind { Unspecified = 0, Call = 1, Email = 2, Meeting = 3, AttitudeIncident = 4, ScopeChange = 5 }

/// <summary>How difficult a client is relative to the money.</summary>
[GenerateSerializer, Alias("viidakko.DifficultyLevel")]
public enum DifficultyLevel { Unspecified = 0, Low = 1, Medium = 2, High = 3 }

/// <summary>Private contact details of a client; only the custodian (and an accepted introduction's receiver) sees them.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ClientContact")]
public sealed record ClientContact(string PersonName, string Email, string Phone, string Address);

/// <summary>Input for registering or updating a client.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ClientInput")]
public sealed record ClientInput(string DisplayName, string BusinessId, ClientContact Contact, bool Keep, string Notes);

/// <summary>Which client fields an update touches.</summary>
public static class ClientFields
{
    public const string DisplayName = "display_name";
    public const string BusinessId = "business_id";
    public const string Contact = "contact";
    public const string Keep = "keep";
    public const string Notes = "notes";

    /// <summary>Every path a custodian may update.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
        { DisplayName, BusinessId, Contact, Keep, Notes };
}

/// <summary>One hassle log entry.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.HassleEntry")]
public sealed record HassleEntry(string EntryId, HassleKind Kind, int Minutes, string Note, DateTime OccurTime, DateTime RecordTime);

/// <summary>One revenue log entry.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.RevenueEntry")]
public sealed record RevenueEntry(string EntryId, long AmountCents, string Note, DateTime OccurTime, DateTime RecordTime);

/// <summary>Count and minutes of one hassle kind.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.HassleKindTotal")]
public sealed record HassleKindTotal(HassleKind Kind, int Count, int Minutes);

/// <summary>The client's difficulty: hassle hours per 1,000 € of revenue and a level.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.Difficulty")]
public sealed record Difficulty(
    double HassleHoursPerThousandEur,
    DifficultyLevel Level,
    int HassleMinutes,
    long RevenueCents,
    IReadOnlyList<HassleKindTotal> ByKind);

/// <summary>A client as its custodian sees it.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ClientView")]
public sealed record ClientView(
    string NetworkId,
    string FirmId,
    string ClientId,
    string DisplayName,
    string BusinessId,
    string NormalizedIdentity,
    ClientContact Contact,
    bool Keep,
    string Notes,
    Difficulty Difficulty,
    DateTime CreateTime,
    DateTime UpdateTime);

/// <summary>A page of clients.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ClientPage")]
public sealed record ClientPage(IReadOnlyList<ClientView> Clients, string? NextAfterClientId);

/// <summary>A page of a client's log entries.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.HassleEntryPage")]
public sealed record HassleEntryPage(IReadOnlyList<HassleEntry> Entries, int? NextOffset);

/// <summary>A page of a client's revenue entries.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.RevenueEntryPage")]
public sealed record RevenueEntryPage(IReadOnlyList<RevenueEntry> Entries, int? NextOffset);

/// <summary>What the client grain hands over when one of its custodian's referrals is created.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ClientSnapshot")]
public sealed record ClientSnapshot(
    string ClientId,
    string DisplayName,
    string NormalizedIdentity,
    ClientContact Contact,
    Difficulty Difficulty,
    DateTime CreateTime);

// ---------------------------------------------------------------- referrals

/// <summary>Referral (the referrer stays the client's contact) or introduction (the referrer steps aside).</summary>
[GenerateSerializer, Alias("viidakko.ReferralKind")]
public enum ReferralKind { Unspecified = 0, Referral = 1, Introduction = 2 }

/// <summary>Referral lifecycle.</summary>
[GenerateSerializer, Alias("viidakko.ReferralStatus")]
public enum ReferralStatus { Unspecified = 0, Proposed = 1, Accepted = 2, Declined = 3, Cancelled = 4, Expired = 5, InProgress = 6, Won = 7, Lost = 8 }

/// <summary>Why a receiver declined.</summary>
[GenerateSerializer, Alias("viidakko.DeclineReason")]
public enum DeclineReason { Unspecified = 0, NoCapacity = 1, NotAFit = 2, Conflict = 3, Other = 4 }

/// <summary>Why a deal was lost.</summary>
[GenerateSerializer, Alias("viidakko.LostReason")]
public enum LostReason { Unspecified = 0, Price = 1, Timing = 2, ChoseCompetitor = 3, ClientWithdrew = 4, PoorFit = 5, Other = 6 }

/// <summary>What the client needs.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.Need")]
public sealed record Need(IReadOnlyList<string> Skills, string Description, long BudgetMinCents, long BudgetMaxCents, DateOnly? Deadline);

/// <summary>The honest facts about the client, attached automatically and shown before acceptance.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.Disclosure")]
public sealed record Disclosure(string ClientDisplayName, Difficulty Difficulty, DateTime SnapshotTime);

/// <summary>Timeline event types.</summary>
[GenerateSerializer, Alias("viidakko.ReferralEventType")]
public enum ReferralEventType { Unspecified = 0, Created = 1, Accepted = 2, Declined = 3, Cancelled = 4, Expired = 5, Started = 6, Won = 7, Lost = 8, NeedReturned = 9, FeePaid = 10, FeedbackGiven = 11 }

/// <summary>One timeline entry: who did what, when.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ReferralEvent")]
public sealed record ReferralEvent(DateTime Time, string ActorFirmId, ReferralEventType Type, ReferralStatus StatusAfter, string Note);

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
    string? RequestId);

/// <summary>The full record the referrer's firm grain hands the new referral grain.</summary>
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
    string RequestFingerprint);

/// <summary>A referral as one party sees it.</summary>
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
    long FeePaidCents);

/// <summary>Actions on a referral after creation.</summary>
[GenerateSerializer, Alias("viidakko.ReferralActionType")]
public enum ReferralActionType { Unspecified = 0, Accept = 1, Decline = 2, Cancel = 3, Start = 4, Win = 5, Lose = 6 }

/// <summary>One lifecycle action with its data.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ReferralAction")]
public sealed record ReferralAction(
    ReferralActionType Type,
    string Note,
    DeclineReason DeclineReason,
    LostReason LostReason,
    long WonValueCents,
    int ContractMonths,
    string? RequestId);

/// <summary>Which side of a referral a firm is on.</summary>
[GenerateSerializer, Alias("viidakko.ReferralRole")]
public enum ReferralRole { Unspecified = 0, Sent = 1, Received = 2 }

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

/// <summary>A page of referral summaries.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ReferralPage")]
public sealed record ReferralPage(IReadOnlyList<ReferralSummary> Referrals, string? NextAfterKey);
