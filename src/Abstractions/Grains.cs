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

/// <summary>A network (tenant) and its public firm directory. Key: network id.</summary>
[Alias("viidakko.INetworkGrain")]
public interface INetworkGrain : IGrainWithStringKey
{
    [Alias("Create")] Task<NetworkView> CreateAsync(string displayName, string region, string? requestId = null, CancellationToken cancellationToken = default);
    [Alias("Get")] Task<NetworkView> GetAsync(CancellationToken cancellationToken = default);
    [Alias("Exists")] Task<bool> ExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates the firm grain and lists it in the directory.</summary>
    [Alias("RegisterFirm")] Task<FirmView> RegisterFirmAsync(string firmId, FirmProfile profile, string apiKeyHash, string? requestId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Called by a firm grain when its public profile changes. Interleaves: the network may itself be
    /// waiting on that firm (<see cref="RegisterFirmAsync"/>), and the two would otherwise deadlock.
    /// </summary>
    [AlwaysInterleave, Alias("UpsertDirectoryEntry")] Task UpsertDirectoryEntryAsync(FirmView publicView, CancellationToken cancellationToken = default);

    /// <summary>Directory page ordered by firm id, optionally only firms with <paramref name="skill"/>.</summary>
    [Alias("ListFirms")] Task<FirmPage> ListFirmsAsync(string? skill, int pageSize, string? afterFirmId, CancellationToken cancellationToken = default);
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
    /// Creates the firm. A retry with the same <paramref name="requestId"/> returns it again and
    /// replaces the key hash: the first key may never have reached the caller.
    /// </summary>
    [Alias("Initialize")] Task<FirmView> InitializeAsync(FirmProfile profile, string apiKeyHash, string? requestId = null, CancellationToken cancellationToken = default);
    /// <summary>True when the firm is not suspended (it may receive referrals); NOT_FOUND when it does not exist.</summary>
    [AlwaysInterleave, Alias("AcceptsReferrals")] Task<bool> AcceptsReferralsAsync(CancellationToken cancellationToken = default);
    [AlwaysInterleave, Alias("Authenticate")] Task<FirmAuthResult> AuthenticateAsync(string apiKeyHash, CancellationToken cancellationToken = default);
    [Alias("SetApiKeyHash")] Task SetApiKeyHashAsync(string apiKeyHash, CancellationToken cancellationToken = default);
    [Alias("SetSuspended")] Task<FirmView> SetSuspendedAsync(bool suspended, CancellationToken cancellationToken = default);

    /// <summary>The firm as <paramref name="viewerFirmId"/> may see it.</summary>
    [Alias("Get")] Task<FirmView> GetAsync(string viewerFirmId, CancellationToken cancellationToken = default);
    [Alias("UpdateProfile")] Task<FirmView> UpdateProfileAsync(FirmProfile values, IReadOnlyList<string> paths, CancellationToken cancellationToken = default);

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
}

/// <summary>A client in a firm's custody. Key: <c>network/custodian-firm/client</c>.</summary>
[Alias("viidakko.IClientGrain")]
public interface IClientGrain : IGrainWithStringKey
{
    /// <summary>Creates the client; a retry with the same <paramref name="requestId"/> returns it again.</summary>
    [Alias("Create")] Task<ClientView> CreateAsync(ClientInput input, string normalizedIdentity, string? requestId = null, CancellationToken cancellationToken = default);
    [Alias("Get")] Task<ClientView> GetAsync(CancellationToken cancellationToken = default);
    [Alias("Update")] Task<ClientView> UpdateAsync(ClientInput values, IReadOnlyList<string> paths, CancellationToken cancellationToken = default);
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
}
