using Orleans.Concurrency;

namespace Viidakko;

/// <summary>Lists every network hosted here (admin only; not on any member's hot path).</summary>
[Alias("viidakko.INetworkRegistryGrain")]
public interface INetworkRegistryGrain : IGrainWithStringKey
{
    /// <summary>The registry is a single grain with this key.</summary>
    const string Key = "all";

    [Alias("Add")] Task AddAsync(string networkId, CancellationToken cancellationToken = default);
    [Alias("List")] Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>A network (tenant): its metadata and firm count. Key: network id.</summary>
[Alias("viidakko.INetworkGrain")]
public interface INetworkGrain : IGrainWithStringKey
{
    [Alias("Create")] Task<NetworkView> CreateAsync(string displayName, string region, string? requestId = null, CancellationToken cancellationToken = default);
    [Alias("Get")] Task<NetworkView> GetAsync(CancellationToken cancellationToken = default);
    [Alias("Exists")] Task<bool> ExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates the firm grain (which lists itself in the network's index) and counts it.</summary>
    [Alias("RegisterFirm")] Task<FirmView> RegisterFirmAsync(string firmId, FirmProfile profile, string apiKeyHash, string? requestId = null, CancellationToken cancellationToken = default);
}

/// <summary>Answers health probes from any silo without touching storage.</summary>
[Alias("viidakko.IHealthProbeGrain")]
public interface IHealthProbeGrain : IGrainWithIntegerKey
{
    [Alias("Ping")] Task<DateTime> PingAsync(CancellationToken cancellationToken = default);
}

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

/// <summary>A client in a firm's custody. Key: <c>network/custodian-firm/client</c>.</summary>
[Alias("viidakko.IClientGrain")]
public interface IClientGrain : IGrainWithStringKey
{
    /// <summary>Creates the client; a retry with the same <paramref name="requestId"/> returns it again.</summary>
    [Alias("Create")] Task<ClientView> CreateAsync(ClientInput input, string normalizedIdentity, string? requestId = null, CancellationToken cancellationToken = default);
    [Alias("Get")] Task<ClientView> GetAsync(CancellationToken cancellationToken = default);
    /// <summary>Sets the fields named in <paramref name="paths"/>; a retry with the same <paramref name="requestId"/> changes nothing.</summary>
    [Alias("Update")] Task<ClientView> UpdateAsync(ClientInput values, IReadOnlyList<string> paths, string? requestId = null, CancellationToken cancellationToken = default);
    [Alias("LogHassle")] Task<HassleEntry> LogHassleAsync(HassleKind kind, int minutes, string note, DateTime occurTime, string? requestId, CancellationToken cancellationToken = default);
    [Alias("LogRevenue")] Task<RevenueEntry> LogRevenueAsync(long amountCents, string note, DateTime occurTime, string? requestId, CancellationToken cancellationToken = default);
    [Alias("ListHassle")] Task<HassleEntryPage> ListHassleAsync(int pageSize, int offset, CancellationToken cancellationToken = default);
    [Alias("ListRevenue")] Task<RevenueEntryPage> ListRevenueAsync(int pageSize, int offset, CancellationToken cancellationToken = default);

    /// <summary>Snapshot for a new referral; refuses kept clients.</summary>
    [Alias("PrepareReferral")] Task<ClientSnapshot> PrepareReferralAsync(string referralId, bool returningToCustodian, CancellationToken cancellationToken = default);
    /// <summary>Contact details for an accepted introduction.</summary>
    [Alias("GetContact")] Task<ClientContact> GetContactAsync(CancellationToken cancellationToken = default);
}

/// <summary>One referral or introduction shared by its two parties. Key: <c>network/referral</c>.</summary>
[Alias("viidakko.IReferralGrain")]
public interface IReferralGrain : IGrainWithStringKey
{
    [Alias("Create")] Task<ReferralView> CreateAsync(ReferralDraft draft, CancellationToken cancellationToken = default);
    [Alias("Get")] Task<ReferralView> GetAsync(string viewerFirmId, CancellationToken cancellationToken = default);
    /// <summary>Applies a lifecycle action as <paramref name="actorFirmId"/>.</summary>
    [Alias("Apply")] Task<ReferralView> ApplyAsync(string actorFirmId, ReferralAction action, CancellationToken cancellationToken = default);
    /// <summary>Marks a won referral's fee as paid (either party; once).</summary>
    [Alias("MarkFeePaid")] Task<ReferralView> MarkFeePaidAsync(string actorFirmId, string note, string? requestId, CancellationToken cancellationToken = default);
    /// <summary>Rates the other party of a WON or LOST referral.</summary>
    [Alias("SubmitFeedback")] Task<FeedbackRecord> SubmitFeedbackAsync(string raterFirmId, FeedbackInput input, CancellationToken cancellationToken = default);
    /// <summary>The feedback on this referral that <paramref name="viewerFirmId"/> may see.</summary>
    [Alias("GetFeedback")] Task<ReferralFeedback> GetFeedbackAsync(string viewerFirmId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Lists a network's directory by merging its index shards; a stateless worker, so no single
/// activation serves every directory call of a network. Key: network id.
/// </summary>
[Alias("viidakko.IDirectoryGrain")]
public interface IDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Public profiles ordered by firm id, optionally only firms with <paramref name="skill"/>.</summary>
    [Alias("ListFirms")] Task<FirmPage> ListFirmsAsync(string? skill, int pageSize, string? afterFirmId, CancellationToken cancellationToken = default);
}

/// <summary>
/// One shard of a network's firm index: all firms (skill <c>*</c>) or the firms offering one skill.
/// Key: <c>network/skill/shard</c> (see <see cref="IndexShards"/>). Firm grains push their facts here
/// when their profile, evidence, reputation or clients change; matches read the shards of one skill.
/// Reads interleave with each other: they only look at memory.
/// </summary>
[Alias("viidakko.IIndexShardGrain")]
public interface IIndexShardGrain : IGrainWithStringKey
{
    [Alias("Upsert")] Task UpsertAsync(FirmMatchFacts facts, CancellationToken cancellationToken = default);
    [Alias("Remove")] Task RemoveAsync(string firmId, CancellationToken cancellationToken = default);
    /// <summary>This shard's best candidates (at most <paramref name="limit"/>) for a need.</summary>
    [ReadOnly, Alias("Match")] Task<ShardMatch> MatchAsync(MatchQuery query, MatchCaller caller, int limit, CancellationToken cancellationToken = default);
    /// <summary>Public profiles after <paramref name="afterFirmId"/>, ordered by id, and how many the shard holds.</summary>
    [ReadOnly, Alias("List")] Task<FirmPage> ListAsync(int limit, string? afterFirmId, CancellationToken cancellationToken = default);
    /// <summary>Non-partner firms worth meeting for the caller.</summary>
    [ReadOnly, Alias("Suggest")] Task<IReadOnlyList<MeetingSuggestion>> SuggestAsync(MatchCaller caller, string callerPerson, int limit, CancellationToken cancellationToken = default);
}

/// <summary>
/// One bucket of an index shard's member list. The list is split so that adding a member rewrites a
/// small bucket, not a list that grows with the network. Key: <c>network/skill/shard/bucket</c>.
/// </summary>
[Alias("viidakko.IIndexMembersGrain")]
public interface IIndexMembersGrain : IGrainWithStringKey
{
    [Alias("Add")] Task AddAsync(string firmId, CancellationToken cancellationToken = default);
    [Alias("Remove")] Task RemoveAsync(string firmId, CancellationToken cancellationToken = default);
    [Alias("List")] Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>Where a firm's facts live in a network's index.</summary>
public static class IndexShards
{
    /// <summary>The pseudo-skill of the all-firms directory.</summary>
    public const string All = "*";

    /// <summary>Shards of the all-firms directory.</summary>
    public const int AllShardCount = 8;

    /// <summary>Shards of each skill's index.</summary>
    public const int SkillShardCount = 4;

    /// <summary>Shard count for a skill (or <see cref="All"/>).</summary>
    public static int CountFor(string skill) => skill == All ? AllShardCount : SkillShardCount;

    /// <summary>The key of one shard.</summary>
    public static string Key(string networkId, string skill, int shard) => $"{networkId}/{skill}/{shard}";

    /// <summary>The keys of every shard of a skill.</summary>
    public static IEnumerable<string> Keys(string networkId, string skill) =>
        Enumerable.Range(0, CountFor(skill)).Select(i => Key(networkId, skill, i));

    /// <summary>Buckets of each shard's member list.</summary>
    public const int MemberBucketCount = 64;

    /// <summary>The shard that holds <paramref name="firmId"/>: a stable FNV-1a hash, the same on every silo.</summary>
    public static int ShardOf(string firmId, string skill) => (int)(Fnv(firmId, 2166136261u) % (uint)CountFor(skill));

    /// <summary>The member-list bucket of <paramref name="firmId"/> within its shard (a differently seeded hash).</summary>
    public static int BucketOf(string firmId) => (int)(Fnv(firmId, 84696351u) % MemberBucketCount);

    /// <summary>The key of one member-list bucket of a shard.</summary>
    public static string BucketKey(string shardKey, int bucket) => $"{shardKey}/{bucket}";

    private static uint Fnv(string text, uint seed)
    {
        var hash = seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
