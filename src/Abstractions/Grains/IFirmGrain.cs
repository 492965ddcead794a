using Orleans.Concurrency;

namespace Viidakko;

/// <summary>
/// A partner firm and all of its relationship state. Key: <c>network/firm</c>. Every mutation a
/// firm makes goes through its own grain, which remembers the request ids it was given (one rule for
/// all of them, see <see cref="RequestTag"/>); the firm's clients and referrals are reached from here.
/// </summary>
/// <remarks>
/// Methods that another grain calls while this firm may itself be waiting on that grain are
/// <see cref="AlwaysInterleaveAttribute"/>, each with the reason; the firm's own call-backs (a client
/// grain checking a new identity during an update the firm started) use call-chain reentrancy.
/// </remarks>
[Alias("viidakko.IFirmGrain")]
public interface IFirmGrain : IGrainWithStringKey
{
    // ---------------------------------------------------------------- identity (the operator)

    /// <summary>
    /// Creates the firm. A retry (same operator request, within the retention) returns it again and
    /// replaces the key hash: the first key may never have reached the caller.
    /// </summary>
    [Alias("Initialize")] Task<FirmView> InitializeAsync(FirmProfile profile, string apiKeyHash, RequestTag? request = null, CancellationToken cancellationToken = default);
    /// <summary>Replaces the key hash; a retry stores its hash too, like a retried registration (only the hash is kept).</summary>
    [Alias("SetApiKeyHash")] Task SetApiKeyHashAsync(string apiKeyHash, RequestTag? request = null, CancellationToken cancellationToken = default);
    /// <summary>
    /// Replaces the key hash; the replaced key keeps working for <paramref name="keepPreviousFor"/> (zero:
    /// revoked at once; only the last replaced key is kept). Returns when the replaced key stops, or null.
    /// </summary>
    [Alias("RotateApiKey")] Task<DateTime?> RotateApiKeyAsync(string apiKeyHash, TimeSpan keepPreviousFor, RequestTag? request = null, CancellationToken cancellationToken = default);
    /// <summary>Suspends or reinstates the firm; a retry changes nothing.</summary>
    [Alias("SetSuspended")] Task<FirmView> SetSuspendedAsync(bool suspended, RequestTag? request = null, CancellationToken cancellationToken = default);
    /// <summary>Checks a presented key. Read-only; interleaves so that a busy firm's calls are not held up at the door.</summary>
    [AlwaysInterleave, Alias("Authenticate")] Task<FirmAuthResult> AuthenticateAsync(string apiKeyHash, CancellationToken cancellationToken = default);
    /// <summary>True when the firm is not suspended; NOT_FOUND when it does not exist. Read-only; asked by a referrer that may be waiting on this firm.</summary>
    [AlwaysInterleave, Alias("AcceptsReferrals")] Task<bool> AcceptsReferralsAsync(CancellationToken cancellationToken = default);

    // ---------------------------------------------------------------- profile

    /// <summary>The firm as <paramref name="viewerFirmId"/> may see it.</summary>
    [ReadOnly, Alias("Get")] Task<FirmView> GetAsync(string viewerFirmId, CancellationToken cancellationToken = default);
    /// <summary>Sets the fields named in <paramref name="paths"/>; a retry changes nothing.</summary>
    [Alias("UpdateProfile")] Task<FirmView> UpdateProfileAsync(FirmProfile values, IReadOnlyList<string> paths, RequestTag? request = null, CancellationToken cancellationToken = default);

    // ---------------------------------------------------------------- partnerships, acting as this firm

    [Alias("ProposePartnership")] Task<PartnershipView> ProposePartnershipAsync(string partnerFirmId, PartnershipTerms terms, string message, RequestTag? request = null, CancellationToken cancellationToken = default);
    [Alias("AcceptPartnership")] Task<PartnershipView> AcceptPartnershipAsync(string partnerFirmId, string note, RequestTag? request = null, CancellationToken cancellationToken = default);
    [Alias("DeclinePartnership")] Task<PartnershipView> DeclinePartnershipAsync(string partnerFirmId, string note, RequestTag? request = null, CancellationToken cancellationToken = default);
    [Alias("EndPartnership")] Task<PartnershipView> EndPartnershipAsync(string partnerFirmId, string note, RequestTag? request = null, CancellationToken cancellationToken = default);
    [ReadOnly, Alias("GetPartnership")] Task<PartnershipView> GetPartnershipAsync(string partnerFirmId, CancellationToken cancellationToken = default);
    [ReadOnly, Alias("ListPartnerships")] Task<PartnershipPage> ListPartnershipsAsync(PartnershipStatus? status, int pageSize, string? afterPartnerId, CancellationToken cancellationToken = default);
    /// <summary>
    /// The other side's half changed; mirror it (idempotent by version). Interleaves: the partner
    /// tells this firm while this firm may be telling the partner of a change of its own (both act at once).
    /// </summary>
    [AlwaysInterleave, Alias("OnPartnershipChanged")] Task OnPartnershipChangedAsync(PartnershipChange change, CancellationToken cancellationToken = default);

    // ---------------------------------------------------------------- clients in this firm's custody

    [Alias("CreateClient")] Task<ClientView> CreateClientAsync(string clientId, ClientInput input, RequestTag? request = null, CancellationToken cancellationToken = default);
    /// <summary>Updates one of the firm's clients (the client grain checks a new identity with this firm on the way).</summary>
    [Alias("UpdateClient")] Task<ClientView> UpdateClientAsync(string clientId, ClientInput values, IReadOnlyList<string> paths, RequestTag? request = null, CancellationToken cancellationToken = default);
    [Alias("LogHassle")] Task<HassleEntry> LogHassleAsync(string clientId, HassleKind kind, int minutes, string note, DateTime occurTime, RequestTag? request = null, CancellationToken cancellationToken = default);
    [Alias("LogRevenue")] Task<RevenueEntry> LogRevenueAsync(string clientId, long amountCents, string note, DateTime occurTime, RequestTag? request = null, CancellationToken cancellationToken = default);
    [ReadOnly, Alias("ListClients")] Task<ClientPage> ListClientsAsync(int pageSize, string? afterClientId, CancellationToken cancellationToken = default);
    /// <summary>
    /// Called back by a client grain during an update this firm started, before the client takes a
    /// new identity: refuses duplicates and clients under a partner's custody, and records the identity.
    /// </summary>
    [Alias("ClaimClientIdentity")] Task ClaimClientIdentityAsync(string clientId, string identity, CancellationToken cancellationToken = default);
    /// <summary>
    /// True when one of the firm's own clients has this normalized identity. Read-only; asked by a new
    /// referral's grain while this firm (its receiver) may be waiting on the referrer. Never exposed.
    /// </summary>
    [AlwaysInterleave, Alias("HoldsClient")] Task<bool> HoldsClientAsync(string identity, CancellationToken cancellationToken = default);
    /// <summary>
    /// The firm's partnerships and its clients' normalized identities, for its own overlap grain and its
    /// partners' (which show only what both firms share). Interleaves: an overlap grain may ask while
    /// this firm is relaying a sharing change to that very grain; it only reads memory.
    /// </summary>
    [AlwaysInterleave, Alias("GetOverlapFacts")] Task<OverlapFacts> GetOverlapFactsAsync(CancellationToken cancellationToken = default);
    /// <summary>Sets what the firm shares of its client list with a partner (through its overlap grain, binding the request id here).</summary>
    [Alias("UpdateOverlapSharing")] Task<OverlapSettings> UpdateOverlapSharingAsync(string partnerFirmId, OverlapSharing sharing, RequestTag? request = null, CancellationToken cancellationToken = default);
    /// <summary>Called back by a client grain during an update this firm started: refuses keeping a client in an open referral.</summary>
    [Alias("OnClientKeepChanged")] Task OnClientKeepChangedAsync(string clientId, bool keep, CancellationToken cancellationToken = default);

    // ---------------------------------------------------------------- referrals and introductions

    [Alias("CreateReferral")] Task<ReferralView> CreateReferralAsync(ReferralRequest request, CancellationToken cancellationToken = default);
    /// <summary>As the receiver of <paramref name="originalReferralId"/>, hand out-of-scope work back to the custodian.</summary>
    [Alias("ReturnNeed")] Task<ReferralView> ReturnNeedAsync(string originalReferralId, Need need, int warmth, string note, RequestTag? request = null, CancellationToken cancellationToken = default);
    /// <summary>A lifecycle action on a referral this firm is party to.</summary>
    [Alias("ActOnReferral")] Task<ReferralView> ActOnReferralAsync(string referralId, ReferralAction action, CancellationToken cancellationToken = default);
    /// <summary>Marks a won referral's fee as paid.</summary>
    [Alias("MarkFeePaid")] Task<ReferralView> MarkFeePaidAsync(string referralId, string note, RequestTag? request = null, CancellationToken cancellationToken = default);
    /// <summary>Rates the other party of a won or lost referral.</summary>
    [Alias("SubmitFeedback")] Task<FeedbackRecord> SubmitFeedbackAsync(string referralId, FeedbackInput input, RequestTag? request = null, CancellationToken cancellationToken = default);
    [ReadOnly, Alias("ListReferrals")] Task<ReferralPage> ListReferralsAsync(ReferralRole role, ReferralStatus? status, int pageSize, string? afterKey, CancellationToken cancellationToken = default);
    /// <summary>
    /// A referral this firm is party to changed (idempotent by version). The referral grain calls
    /// the party that did not act (the actor learns from its answer, <see cref="ReferralChange"/>).
    /// Interleaves: that party may itself be waiting on the referral (both acting at once), or on
    /// another referral that waits on this firm (two firms referring to each other at once).
    /// </summary>
    [AlwaysInterleave, Alias("OnReferralChanged")] Task OnReferralChangedAsync(ReferralSummary summary, CancellationToken cancellationToken = default);
    /// <summary>
    /// Feedback on a referral this firm is party to changed (idempotent). When the referrer has rated
    /// a won referral this firm received, the win counts as confirmed evidence of its skills.
    /// Interleaves for the same reason as <see cref="OnReferralChangedAsync"/>.
    /// </summary>
    [AlwaysInterleave, Alias("OnFeedbackChanged")] Task OnFeedbackChangedAsync(ReferralSummary summary, IReadOnlyList<FeedbackRecord> feedback, CancellationToken cancellationToken = default);

    // ---------------------------------------------------------------- the event feed

    /// <summary>
    /// Up to <paramref name="limit"/> committed events after <paramref name="afterPosition"/>, with the
    /// feed's head. OUT_OF_RANGE (<see cref="Reasons.CursorExpired"/>) when what follows the position is
    /// no longer kept. Read-only.
    /// </summary>
    [ReadOnly, Alias("ListEvents")] Task<FirmEventPage> ListEventsAsync(long afterPosition, int limit, CancellationToken cancellationToken = default);
    /// <summary>
    /// As <see cref="ListEventsAsync"/>, but when the caller is up to date waits up to
    /// <paramref name="maxWait"/> for the next committed change (a long poll; an empty page is a
    /// heartbeat). Interleaves: many watchers wait at once without holding up the firm's own calls.
    /// </summary>
    [AlwaysInterleave, Alias("WaitForEvents")] Task<FirmEventPage> WaitForEventsAsync(long afterPosition, int limit, TimeSpan maxWait, CancellationToken cancellationToken = default);

    // ---------------------------------------------------------------- matching, feedback and the scoreboard

    /// <summary>What the index shards keep about this firm. Read-only; a shard that this firm waits on asks it while loading.</summary>
    [AlwaysInterleave, Alias("GetMatchFacts")] Task<FirmMatchFacts> GetMatchFactsAsync(CancellationToken cancellationToken = default);
    /// <summary>
    /// Offers the firm's declined or expired needs that asked for re-routing to their next partner.
    /// Called one-way by the firm itself after the change that noted them (and on activation), so the
    /// call that declined or expired the referral never waits for the next hop.
    /// </summary>
    [OneWay, Alias("ReroutePending")] Task ReroutePendingAsync();
    /// <summary>
    /// Registers the firm's deadline timer for an earlier wake. Called one-way by the firm itself after
    /// a change brought a deadline nearer than the timer's next tick (and on activation), so no member's
    /// call waits for the reminder write.
    /// </summary>
    [OneWay, Alias("ScheduleDeadlines")] Task ScheduleDeadlinesAsync();
    /// <summary>
    /// This firm's side of a match: its traits, skills, history with each other firm, and the
    /// client the need is for. Read-only; asked by the matchmaker, which may run while this firm waits.
    /// </summary>
    [AlwaysInterleave, Alias("GetMatchCaller")] Task<MatchCaller> GetMatchCallerAsync(string? clientId, CancellationToken cancellationToken = default);
    /// <summary>The ledger with every partner, and this firm's standing.</summary>
    [ReadOnly, Alias("GetScoreboard")] Task<Scoreboard> GetScoreboardAsync(CancellationToken cancellationToken = default);
    /// <summary>Unsealed ratings about this firm, newest first.</summary>
    [ReadOnly, Alias("ListFeedbackAboutFirm")] Task<FeedbackPage> ListFeedbackAboutFirmAsync(int pageSize, int offset, CancellationToken cancellationToken = default);
    /// <summary>Chemistry between this firm and another, and between their people.</summary>
    [ReadOnly, Alias("GetChemistry")] Task<ChemistryView> GetChemistryAsync(string otherFirmId, CancellationToken cancellationToken = default);
}
