using Orleans.Concurrency;

namespace Viidakko;

/// <summary>
/// A partner firm and all of its relationship state. Key: <c>network/firm</c>.
/// Calls that another grain makes while this firm may itself be waiting on that grain (partner and
/// referral notifications, identity claims) are <see cref="AlwaysInterleaveAttribute"/>, so two firms
/// acting on each other at once can never deadlock; they only touch in-memory state and then persist
/// through one serialized writer.
/// </summary>
[Alias("viidakko.IFirmGrain")]
public interface IFirmGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the firm. A retry with the same <paramref name="requestId"/> (an operator's id, within
    /// the retention) returns it again and replaces the key hash: the first key may never have
    /// reached the caller.
    /// </summary>
    [Alias("Initialize")] Task<FirmView> InitializeAsync(FirmProfile profile, string apiKeyHash, string? requestId = null, CancellationToken cancellationToken = default);
    /// <summary>True when the firm is not suspended (it may receive referrals); NOT_FOUND when it does not exist.</summary>
    [AlwaysInterleave, Alias("AcceptsReferrals")] Task<bool> AcceptsReferralsAsync(CancellationToken cancellationToken = default);
    [AlwaysInterleave, Alias("Authenticate")] Task<FirmAuthResult> AuthenticateAsync(string apiKeyHash, CancellationToken cancellationToken = default);
    /// <summary>
    /// Replaces the key hash. A retry with the same <paramref name="requestId"/> (an operator's id)
    /// stores its hash too, like a retried registration: only the hash is kept.
    /// </summary>
    [Alias("SetApiKeyHash")] Task SetApiKeyHashAsync(string apiKeyHash, string? requestId = null, CancellationToken cancellationToken = default);
    /// <summary>Suspends or reinstates the firm; a retry with the same <paramref name="requestId"/> (an operator's id) changes nothing.</summary>
    [Alias("SetSuspended")] Task<FirmView> SetSuspendedAsync(bool suspended, string? requestId = null, CancellationToken cancellationToken = default);

    /// <summary>The firm as <paramref name="viewerFirmId"/> may see it.</summary>
    [Alias("Get")] Task<FirmView> GetAsync(string viewerFirmId, CancellationToken cancellationToken = default);
    /// <summary>Sets the fields named in <paramref name="paths"/>; a retry with the same <paramref name="requestId"/> changes nothing.</summary>
    [Alias("UpdateProfile")] Task<FirmView> UpdateProfileAsync(FirmProfile values, IReadOnlyList<string> paths, string? requestId = null, CancellationToken cancellationToken = default);

    // Partnerships, acting as this firm.
    [Alias("ProposePartnership")] Task<PartnershipView> ProposePartnershipAsync(string partnerFirmId, PartnershipTerms terms, string message, string? requestId = null, CancellationToken cancellationToken = default);
    [Alias("AcceptPartnership")] Task<PartnershipView> AcceptPartnershipAsync(string partnerFirmId, string note, string? requestId = null, CancellationToken cancellationToken = default);
    [Alias("DeclinePartnership")] Task<PartnershipView> DeclinePartnershipAsync(string partnerFirmId, string note, string? requestId = null, CancellationToken cancellationToken = default);
    [Alias("EndPartnership")] Task<PartnershipView> EndPartnershipAsync(string partnerFirmId, string note, string? requestId = null, CancellationToken cancellationToken = default);
    [Alias("GetPartnership")] Task<PartnershipView> GetPartnershipAsync(string partnerFirmId, CancellationToken cancellationToken = default);
    [Alias("ListPartnerships")] Task<PartnershipPage> ListPartnershipsAsync(PartnershipStatus? status, int pageSize, string? afterPartnerId, CancellationToken cancellationToken = default);

    /// <summary>The other side's half changed; mirror it (idempotent by version).</summary>
    [AlwaysInterleave, Alias("OnPartnershipChanged")] Task OnPartnershipChangedAsync(PartnershipChange change, CancellationToken cancellationToken = default);

    // Clients in this firm's custody.
    [Alias("CreateClient")] Task<ClientView> CreateClientAsync(string clientId, ClientInput input, string? requestId = null, CancellationToken cancellationToken = default);
    [Alias("ListClients")] Task<ClientPage> ListClientsAsync(int pageSize, string? afterClientId, CancellationToken cancellationToken = default);
    /// <summary>
    /// Called by a client grain before it takes a new identity: refuses duplicates and clients under a
    /// partner's custody, and records the identity for later checks.
    /// </summary>
    [AlwaysInterleave, Alias("ClaimClientIdentity")] Task ClaimClientIdentityAsync(string clientId, string identity, CancellationToken cancellationToken = default);

    // Referrals and introductions.
    [Alias("CreateReferral")] Task<ReferralView> CreateReferralAsync(ReferralRequest request, CancellationToken cancellationToken = default);
    /// <summary>As the receiver of <paramref name="originalReferralId"/>, hand out-of-scope work back to the custodian.</summary>
    [Alias("ReturnNeed")] Task<ReferralView> ReturnNeedAsync(string originalReferralId, Need need, int warmth, string note, string? requestId, CancellationToken cancellationToken = default);
    [Alias("ListReferrals")] Task<ReferralPage> ListReferralsAsync(ReferralRole role, ReferralStatus? status, int pageSize, string? afterKey, CancellationToken cancellationToken = default);
    /// <summary>A referral this firm is party to changed (idempotent by version).</summary>
    [AlwaysInterleave, Alias("OnReferralChanged")] Task OnReferralChangedAsync(ReferralSummary summary, CancellationToken cancellationToken = default);

    // Matching, feedback and the scoreboard.
    /// <summary>What the index shards keep about this firm (called by a shard loading itself).</summary>
    [AlwaysInterleave, Alias("GetMatchFacts")] Task<FirmMatchFacts> GetMatchFactsAsync(CancellationToken cancellationToken = default);
    /// <summary>Ranked, explained candidate partners for a need of this firm.</summary>
    [Alias("MatchPartners")] Task<MatchResult> MatchPartnersAsync(MatchQuery query, int offset, int pageSize, CancellationToken cancellationToken = default);
    /// <summary>Non-partner firms this firm should meet.</summary>
    [Alias("SuggestMeetings")] Task<IReadOnlyList<MeetingSuggestion>> SuggestMeetingsAsync(int limit, CancellationToken cancellationToken = default);
    /// <summary>The ledger with every partner, and this firm's standing.</summary>
    [Alias("GetScoreboard")] Task<Scoreboard> GetScoreboardAsync(CancellationToken cancellationToken = default);
    /// <summary>Unsealed ratings about this firm, newest first.</summary>
    [Alias("ListFeedbackAboutFirm")] Task<FeedbackPage> ListFeedbackAboutFirmAsync(int pageSize, int offset, CancellationToken cancellationToken = default);
    /// <summary>Chemistry between this firm and another, and between their people.</summary>
    [Alias("GetChemistry")] Task<ChemistryView> GetChemistryAsync(string otherFirmId, CancellationToken cancellationToken = default);
    /// <summary>
    /// Feedback on a referral this firm is party to changed (idempotent). When the referrer has rated
    /// a won referral this firm received, the win counts as confirmed evidence of its skills.
    /// </summary>
    [AlwaysInterleave, Alias("OnFeedbackChanged")] Task OnFeedbackChangedAsync(ReferralSummary summary, IReadOnlyList<FeedbackRecord> feedback, CancellationToken cancellationToken = default);
    /// <summary>A client of this firm is being marked kept or not; refuses keeping a client in an open referral.</summary>
    [AlwaysInterleave, Alias("OnClientKeepChanged")] Task OnClientKeepChangedAsync(string clientId, bool keep, CancellationToken cancellationToken = default);
}
