using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using System.Text;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>One firm's half of a partnership, as stored.</summary>
[GenerateSerializer, Alias("viidakko.PartnershipHalf")]
public sealed class PartnershipHalf
{
    [Id(0)] public string PartnerFirmId { get; set; } = "";
    [Id(1)] public PartnershipStatus Status { get; set; }
    [Id(2)] public string ProposerFirmId { get; set; } = "";
    [Id(3)] public PartnershipTerms Terms { get; set; } = new(0, 0, 0, []);
    [Id(4)] public string Message { get; set; } = "";
    [Id(5)] public string StatusNote { get; set; } = "";
    [Id(6)] public string LastActorFirmId { get; set; } = "";
    [Id(7)] public long Version { get; set; }
    [Id(8)] public DateTime CreateTime { get; set; }
    [Id(9)] public DateTime UpdateTime { get; set; }
}

/// <summary>What a firm remembers about each client in its custody.</summary>
[GenerateSerializer, Alias("viidakko.ClientEntry")]
public sealed class ClientEntry
{
    [Id(0)] public string Identity { get; set; } = "";
    /// <summary>When the firm took on this identity (custody blocks older than this do not apply).</summary>
    [Id(1)] public DateTime IdentitySince { get; set; }
    /// <summary>A best client the firm keeps for itself (counts in its keep ratio).</summary>
    [Id(3)] public bool Keep { get; set; }
}

/// <summary>Persistent state of a firm.</summary>
[GenerateSerializer, Alias("viidakko.FirmState")]
public sealed class FirmState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public FirmProfile? Profile { get; set; }
    [Id(2)] public string ApiKeyHash { get; set; } = "";
    [Id(3)] public bool Suspended { get; set; }
    [Id(4)] public DateTime CreateTime { get; set; }
    [Id(5)] public DateTime UpdateTime { get; set; }
    [Id(6)] public ItemMap<PartnershipHalf> Partnerships { get; set; } = new();
    /// <summary>The firm's clients. Entries are changed in place: call <see cref="ItemMap{TValue}.MarkChanged"/>.</summary>
    [Id(7)] public ItemMap<ClientEntry> Clients { get; set; } = new();
    /// <summary>Every referral the firm took part in, as the referral grains last reported it (one storage row each).</summary>
    [Id(8)] public ItemMap<ReferralSummary> Referrals { get; set; } = new();
    /// <summary>Per skill: won referrals whose referrer confirmed the win.</summary>
    [Id(10)] public Dictionary<string, int> ConfirmedWins { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Referrals whose win was already counted in <see cref="ConfirmedWins"/>.</summary>
    [Id(11)] public HashSet<string> ConfirmedReferralIds { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Feedback on this firm's referrals, both given and received, keyed <c>referral/rater</c>.</summary>
    [Id(12)] public ItemMap<FeedbackRecord> Feedback { get; set; } = new();
    /// <summary>The skills under which this firm is listed in the network's index.</summary>
    [Id(13)] public List<string> IndexedSkills { get; set; } = [];
    /// <summary>Hash of the facts last given to the index, so unchanged facts are not pushed again.</summary>
    [Id(14)] public string? PublishedFingerprint { get; set; }
    /// <summary>
    /// Request ids this firm carried out within the retention, keyed by who sent them (the firm itself
    /// or the operator) and the id, with what each was for (see <see cref="RequestLog"/>).
    /// </summary>
    [Id(16)] public ItemMap<ProcessedRequest> ProcessedRequests { get; set; } = new();
}

[GrainType("firm")]
internal sealed partial class FirmGrain(
    [PersistentState("firm", GrainStorage.Name)] IPersistentState<FirmState> state,
    TimeProvider clock,
    ILogger<FirmGrain> logger) : Grain, IFirmGrain
{
    private StateWriter<FirmState>? _writer;
    private string? _networkId;
    private string? _firmId;

    private StateWriter<FirmState> Writer => _writer ??= new(state, DeactivateOnIdle);
    private FirmState S => state.State;
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private string NetworkId => _networkId ??= ResourceIds.SplitKey(this.GetPrimaryKeyString())[0];
    private string FirmId => _firmId ??= ResourceIds.SplitKey(this.GetPrimaryKeyString())[1];

    private IFirmGrain Firm(string firmId) => GrainFactory.GetGrain<IFirmGrain>(ResourceIds.FirmKey(NetworkId, firmId));

    // ------------------------------------------------------------------ identity

    public async Task<FirmView> InitializeAsync(FirmProfile profile, string apiKeyHash, string? requestId = null, CancellationToken cancellationToken = default)
    {
        if (S.Exists && IsRetry(OperatorRequest(requestId), "register"))
        {
            // The first answer (with its key) may have been lost: the retry's key replaces it.
            S.ApiKeyHash = apiKeyHash;
            await Writer.WriteAsync();
            return View(FirmVisibility.Self);
        }

        if (S.Exists)
        {
            throw new DomainException(DomainErrorKind.AlreadyExists, Reasons.FirmExists, $"Firm '{FirmId}' already exists in network '{NetworkId}'.");
        }

        S.Exists = true;
        S.Profile = profile;
        S.ApiKeyHash = apiKeyHash;
        S.CreateTime = S.UpdateTime = Now;
        Remember(OperatorRequest(requestId), "register");
        await Writer.WriteAsync();
        await PublishFactsAsync(cancellationToken);
        return View(FirmVisibility.Self);
    }

    public Task<bool> AcceptsReferralsAsync(CancellationToken cancellationToken = default)
    {
        EnsureExists();
        return Task.FromResult(!S.Suspended);
    }

    public Task<FirmAuthResult> AuthenticateAsync(string apiKeyHash, CancellationToken cancellationToken = default)
    {
        if (!S.Exists || S.ApiKeyHash.Length == 0)
        {
            return Task.FromResult(FirmAuthResult.Unknown);
        }

        var match = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(S.ApiKeyHash), Encoding.ASCII.GetBytes(apiKeyHash));
        return Task.FromResult(!match ? FirmAuthResult.Unknown : S.Suspended ? FirmAuthResult.Suspended : FirmAuthResult.Ok);
    }

    public async Task SetApiKeyHashAsync(string apiKeyHash, string? requestId = null, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        // A retry stores its key too, as a retried registration does: only the hash is kept, so the
        // key the first attempt issued cannot be answered again, and the caller holds only the new one.
        var request = OperatorRequest(requestId);
        _ = IsRetry(request, "rotate-key"); // refuses an id that did something else
        S.ApiKeyHash = apiKeyHash;
        Remember(request, "rotate-key");
        await Writer.WriteAsync();
    }

    public async Task<FirmView> SetSuspendedAsync(bool suspended, string? requestId = null, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        var request = OperatorRequest(requestId);
        var target = suspended ? "suspend" : "reinstate";
        if (IsRetry(request, target))
        {
            return View(FirmVisibility.Self);
        }

        S.Suspended = suspended;
        S.UpdateTime = Now;
        Remember(request, target);
        await Writer.WriteAsync();
        await PublishFactsAsync(cancellationToken);
        return View(FirmVisibility.Self);
    }

    // ------------------------------------------------------------------ profile

    public Task<FirmView> GetAsync(string viewerFirmId, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        var visibility = viewerFirmId == FirmId ? FirmVisibility.Self
            : S.Partnerships.TryGetValue(viewerFirmId, out var p) && p.Status == PartnershipStatus.Active ? FirmVisibility.Partner
            : FirmVisibility.Public;
        return Task.FromResult(View(visibility));
    }

    public async Task<FirmView> UpdateProfileAsync(FirmProfile values, IReadOnlyList<string> paths, string? requestId = null, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        var updated = Apply(S.Profile!, values, paths);
        var request = OwnRequest(requestId);
        var target = RequestLog.UpdateTarget(paths, Apply(EmptyProfile, values, paths));
        if (IsRetry(request, target))
        {
            return View(FirmVisibility.Self);
        }

        S.Profile = updated;
        S.UpdateTime = Now;
        Remember(request, target);
        await Writer.WriteAsync();
        await PublishFactsAsync(cancellationToken);
        return View(FirmVisibility.Self);
    }

    private static readonly FirmProfile EmptyProfile = new("", "", "", [], [], [], CapacityStatus.Unspecified, null);

    private static FirmProfile Apply(FirmProfile profile, FirmProfile values, IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            profile = path switch
            {
                FirmProfileFields.DisplayName => profile with { DisplayName = values.DisplayName },
                FirmProfileFields.City => profile with { City = values.City },
                FirmProfileFields.Description => profile with { Description = values.Description },
                FirmProfileFields.People => profile with { People = values.People },
                FirmProfileFields.Capabilities => profile with { Capabilities = values.Capabilities },
                FirmProfileFields.Traits => profile with { Traits = values.Traits },
                FirmProfileFields.Capacity => profile with { Capacity = values.Capacity },
                FirmProfileFields.NextFreeDate => profile with { NextFreeDate = values.NextFreeDate },
                _ => throw DomainException.Invalid("update_mask", $"'{path}' is not an updatable field"),
            };
        }

        return profile;
    }

    // ------------------------------------------------------------------ partnerships

    public Task<PartnershipView> ProposePartnershipAsync(string partnerFirmId, PartnershipTerms terms, string message, string? requestId = null, CancellationToken cancellationToken = default)
    {
        EnsureActive();
        if (partnerFirmId == FirmId)
        {
            throw DomainException.Invalid("partner", "a firm cannot partner with itself");
        }

        return ChangePartnershipOnceAsync(partnerFirmId, requestId, "propose", current =>
        {
            PartnershipRules.EnsureCanPropose(current?.Status, current?.ProposerFirmId == FirmId);
            var now = Now;
            return new PartnershipHalf
            {
                PartnerFirmId = partnerFirmId,
                Status = PartnershipStatus.Proposed,
                ProposerFirmId = FirmId,
                Terms = terms,
                Message = message,
                StatusNote = "",
                LastActorFirmId = FirmId,
                Version = (current?.Version ?? 0) + 1,
                CreateTime = now,
                UpdateTime = now,
            };
        }, cancellationToken);
    }

    public Task<PartnershipView> AcceptPartnershipAsync(string partnerFirmId, string note, string? requestId = null, CancellationToken cancellationToken = default) =>
        AnswerAsync(partnerFirmId, note, requestId, PartnershipStatus.Active, "accept", cancellationToken);

    public Task<PartnershipView> DeclinePartnershipAsync(string partnerFirmId, string note, string? requestId = null, CancellationToken cancellationToken = default) =>
        AnswerAsync(partnerFirmId, note, requestId, PartnershipStatus.Declined, "decline", cancellationToken);

    public Task<PartnershipView> EndPartnershipAsync(string partnerFirmId, string note, string? requestId = null, CancellationToken cancellationToken = default)
    {
        EnsureActive();
        return ChangePartnershipOnceAsync(partnerFirmId, requestId, "end", current =>
        {
            var half = current ?? throw DomainException.NotFound("Partnership");
            PartnershipRules.EnsureCanEnd(half.Status, half.ProposerFirmId == FirmId);
            return Next(half, PartnershipStatus.Ended, note);
        }, cancellationToken);
    }

    private Task<PartnershipView> AnswerAsync(string partnerFirmId, string note, string? requestId, PartnershipStatus answer, string verb, CancellationToken cancellationToken)
    {
        EnsureActive();
        return ChangePartnershipOnceAsync(partnerFirmId, requestId, verb, current =>
        {
            var half = current ?? throw DomainException.NotFound("Partnership");
            PartnershipRules.EnsureCanAnswer(half.Status, half.ProposerFirmId == FirmId, verb);
            return Next(half, answer, note);
        }, cancellationToken);
    }

    /// <summary>
    /// Applies one partnership action unless its request id already did (AIP-155): a retry returns
    /// the partnership as it is now; the same id for another action or partner is refused.
    /// </summary>
    private Task<PartnershipView> ChangePartnershipOnceAsync(
        string partnerFirmId, string? requestId, string action, Func<PartnershipHalf?, PartnershipHalf> next, CancellationToken cancellationToken)
    {
        var target = $"{action}:{partnerFirmId}";
        if (IsRetry(OwnRequest(requestId), target))
        {
            return Task.FromResult(PartnershipView(GetHalf(partnerFirmId), ReferralTotalsByPartner()));
        }

        S.Partnerships.TryGetValue(partnerFirmId, out var current);
        return ChangePartnershipAsync(partnerFirmId, current, next(current), (OwnRequest(requestId), target), cancellationToken);
    }

    public Task<PartnershipView> GetPartnershipAsync(string partnerFirmId, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        return Task.FromResult(PartnershipView(GetHalf(partnerFirmId), ReferralTotalsByPartner()));
    }

    public Task<PartnershipPage> ListPartnershipsAsync(PartnershipStatus? status, int pageSize, string? afterPartnerId, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        var totals = ReferralTotalsByPartner();
        var page = S.Partnerships.Values
            .Where(p => status is null || p.Status == status)
            .Where(p => afterPartnerId is null || string.CompareOrdinal(p.PartnerFirmId, afterPartnerId) > 0)
            .OrderBy(p => p.PartnerFirmId, StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();
        var next = page.Count > pageSize ? page[pageSize - 1].PartnerFirmId : null;
        return Task.FromResult(new PartnershipPage(page.Take(pageSize).Select(p => PartnershipView(p, totals)).ToList(), next));
    }

    public async Task OnPartnershipChangedAsync(PartnershipChange change, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        if (S.Suspended && change.Status == PartnershipStatus.Proposed && change.ProposerFirmId == change.FromFirmId)
        {
            throw DomainException.Precondition(Reasons.FirmSuspended, "That firm is suspended and cannot take partnership proposals.");
        }

        S.Partnerships.TryGetValue(change.FromFirmId, out var local);
        if (local is not null && !Supersedes(change.Version, change.LastActorFirmId, local.Version, local.LastActorFirmId)
            && !IsRedo(change, local))
        {
            return;
        }

        S.Partnerships[change.FromFirmId] = new PartnershipHalf
        {
            PartnerFirmId = change.FromFirmId,
            Status = change.Status,
            ProposerFirmId = change.ProposerFirmId,
            Terms = change.Terms,
            Message = change.Message,
            StatusNote = change.StatusNote,
            LastActorFirmId = change.LastActorFirmId,
            Version = change.Version,
            CreateTime = change.CreateTime,
            UpdateTime = change.UpdateTime,
        };
        await Writer.WriteAsync();
    }

    /// <summary>
    /// The same firm at the same version with different content: its first attempt reached us but
    /// failed on its side (it undid it), and this is what it did instead. Take the new content.
    /// </summary>
    private static bool IsRedo(PartnershipChange change, PartnershipHalf local) =>
        change.Version == local.Version && change.LastActorFirmId == local.LastActorFirmId
        && (change.Status != local.Status || change.Message != local.Message || change.StatusNote != local.StatusNote
            || TermsText(change.Terms) != TermsText(local.Terms));

    /// <summary>
    /// Both halves converge on the same record: a higher version wins; when both firms acted at
    /// the same version at once, the change by the firm with the smaller id wins on both sides.
    /// </summary>
    internal static bool Supersedes(long incomingVersion, string incomingActor, long localVersion, string localActor) =>
        incomingVersion > localVersion
        || (incomingVersion == localVersion && string.CompareOrdinal(incomingActor, localActor) < 0);

    private async Task<PartnershipView> ChangePartnershipAsync(
        string partnerFirmId, PartnershipHalf? previous, PartnershipHalf next, (string? Id, string Target) request, CancellationToken cancellationToken)
    {
        // Take the change in memory first, so a change the partner makes at the same moment is
        // resolved by Supersedes on both sides; then tell the partner; then persist our own half.
        S.Partnerships[partnerFirmId] = next;
        try
        {
            await Firm(partnerFirmId).OnPartnershipChangedAsync(ToChange(next), cancellationToken);
        }
        catch
        {
            if (ReferenceEquals(S.Partnerships.GetValueOrDefault(partnerFirmId), next))
            {
                if (previous is null)
                {
                    S.Partnerships.Remove(partnerFirmId);
                }
                else
                {
                    S.Partnerships[partnerFirmId] = previous;
                }
            }

            throw;
        }

        // Remembered only once the partner has the change, and stored with it.
        Remember(request.Id, request.Target);
        await Writer.WriteAsync();
        return PartnershipView(S.Partnerships[partnerFirmId], ReferralTotalsByPartner());
    }

    private PartnershipHalf Next(PartnershipHalf current, PartnershipStatus status, string note) => new()
    {
        PartnerFirmId = current.PartnerFirmId,
        Status = status,
        ProposerFirmId = current.ProposerFirmId,
        Terms = current.Terms,
        Message = current.Message,
        StatusNote = note,
        LastActorFirmId = FirmId,
        Version = current.Version + 1,
        CreateTime = current.CreateTime,
        UpdateTime = Now,
    };

    private PartnershipChange ToChange(PartnershipHalf h) =>
        new(FirmId, h.Status, h.ProposerFirmId, h.Terms, h.Message, h.StatusNote, h.LastActorFirmId, h.Version, h.CreateTime, h.UpdateTime);

    private PartnershipHalf GetHalf(string partnerFirmId) =>
        S.Partnerships.TryGetValue(partnerFirmId, out var half) ? half : throw DomainException.NotFound("Partnership");

    private sealed record PartnerTotals(long OwedToUs, long OwedByUs, int Sent, int Received);

    private Dictionary<string, PartnerTotals> ReferralTotalsByPartner()
    {
        var totals = new Dictionary<string, PartnerTotals>(StringComparer.Ordinal);
        foreach (var r in S.Referrals.Values)
        {
            var sent = r.ReferrerFirmId == FirmId;
            var partner = sent ? r.ReceiverFirmId : r.ReferrerFirmId;
            var t = totals.GetValueOrDefault(partner) ?? new PartnerTotals(0, 0, 0, 0);
            totals[partner] = sent
                ? t with { OwedToUs = t.OwedToUs + r.FeeDueCents - r.FeePaidCents, Sent = t.Sent + 1 }
                : t with { OwedByUs = t.OwedByUs + r.FeeDueCents - r.FeePaidCents, Received = t.Received + 1 };
        }

        return totals;
    }

    private PartnershipView PartnershipView(PartnershipHalf h, Dictionary<string, PartnerTotals> totals)
    {
        var t = totals.GetValueOrDefault(h.PartnerFirmId) ?? new PartnerTotals(0, 0, 0, 0);
        return new PartnershipView(
            NetworkId, FirmId, h.PartnerFirmId, h.Status, h.ProposerFirmId, h.Terms, h.Message, h.StatusNote,
            h.LastActorFirmId, h.Version, h.CreateTime, h.UpdateTime, t.OwedToUs, t.OwedByUs, t.Sent, t.Received);
    }

    // ------------------------------------------------------------------ clients

    public async Task<ClientView> CreateClientAsync(string clientId, ClientInput input, string? requestId = null, CancellationToken cancellationToken = default)
    {
        EnsureActive();
        var target = $"client:{clientId}";
        var retry = IsRetry(OwnRequest(requestId), target);
        var client = GrainFactory.GetGrain<IClientGrain>(ResourceIds.ClientKey(NetworkId, FirmId, clientId));
        var identity = ClientIdentity.Normalize(input.BusinessId, input.Contact.Email);
        if (S.Clients.TryGetValue(clientId, out var existing))
        {
            if (retry)
            {
                return await client.GetAsync(cancellationToken);
            }

            throw new DomainException(DomainErrorKind.AlreadyExists, Reasons.ClientExists, $"Client '{clientId}' already exists.");
        }

        EnsureIdentityFree(clientId, identity);

        // Hold the identity while the client grain is created, so an interleaved claim or custody
        // notification cannot slip a duplicate past the checks above.
        var entry = new ClientEntry { Identity = identity, IdentitySince = Now, Keep = input.Keep };
        S.Clients[clientId] = entry;
        ClientView view;
        try
        {
            view = await client.CreateAsync(input, identity, requestId, cancellationToken);
        }
        catch
        {
            if (ReferenceEquals(S.Clients.GetValueOrDefault(clientId), entry))
            {
                S.Clients.Remove(clientId);
            }

            throw;
        }

        entry.IdentitySince = view.CreateTime;
        S.Clients.MarkChanged(clientId);
        Remember(OwnRequest(requestId), target);
        await Writer.WriteAsync();
        SchedulePublish();
        return view;
    }

    public async Task<ClientPage> ListClientsAsync(int pageSize, string? afterClientId, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        var ids = S.Clients.Keys
            .Where(id => afterClientId is null || string.CompareOrdinal(id, afterClientId) > 0)
            .OrderBy(id => id, StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();
        var next = ids.Count > pageSize ? ids[pageSize - 1] : null;
        var views = await Task.WhenAll(ids.Take(pageSize).Select(id =>
            GrainFactory.GetGrain<IClientGrain>(ResourceIds.ClientKey(NetworkId, FirmId, id)).GetAsync(cancellationToken)));
        return new ClientPage(views, next);
    }

    public async Task ClaimClientIdentityAsync(string clientId, string identity, CancellationToken cancellationToken = default)
    {
        EnsureActive();
        if (!S.Clients.TryGetValue(clientId, out var entry))
        {
            throw DomainException.NotFound("Client");
        }

        if (entry.Identity == identity)
        {
            return;
        }

        EnsureIdentityFree(clientId, identity);
        entry.Identity = identity;
        entry.IdentitySince = Now;
        S.Clients.MarkChanged(clientId);
        await Writer.WriteAsync();
        SchedulePublish();
    }

    private void EnsureIdentityFree(string clientId, string identity)
    {
        if (identity.Length == 0)
        {
            return;
        }

        var duplicate = S.Clients.FirstOrDefault(c => c.Key != clientId && ClientIdentity.Overlaps(c.Value.Identity, identity));
        if (duplicate.Key is not null)
        {
            throw new DomainException(DomainErrorKind.AlreadyExists, Reasons.DuplicateClient,
                $"You already have this client as '{duplicate.Key}'.");
        }

        EnsureNotUnderCustody(identity, identitySince: null);
    }

    /// <summary>Refuses a client identity that a partner shared with this firm while the non-solicit window is open.</summary>
    private void EnsureNotUnderCustody(string identity, DateTime? identitySince)
    {
        if (identity.Length == 0)
        {
            return;
        }

        var now = Now;
        var block = S.Referrals.Values.FirstOrDefault(r =>
            r.ReceiverFirmId == FirmId
            && r.CustodianFirmId != FirmId
            && ClientIdentity.Overlaps(r.ClientIdentity, identity)
            && CustodyRules.Blocks(r.CustodySince, CustodyUntil(r, now), now, identitySince));
        if (block is not null)
        {
            var until = CustodyUntil(block, now) is { } u ? $"until {u:yyyy-MM-dd}" : "while the referral is open";
            throw DomainException.Precondition(Reasons.ClientUnderCustody,
                $"This client is in the custody of firm '{block.CustodianFirmId}' (referral '{block.ReferralId}') {until}.");
        }
    }

    /// <summary>
    /// When a referral's window closes. A proposal that lapsed unanswered closes its window from its
    /// expire time even if nobody has opened the referral since (which is when the lapse is recorded).
    /// </summary>
    private static DateTime? CustodyUntil(ReferralSummary r, DateTime now) =>
        r.CustodyUntil
        ?? (ReferralLifecycle.Effective(r.Status, r.ExpireTime, now) == ReferralStatus.Expired
            ? CustodyRules.WindowEnd(ReferralStatus.Expired, r.ExpireTime, r.NonSolicitMonths)
            : null);

    // ------------------------------------------------------------------ referrals

    public async Task<ReferralView> CreateReferralAsync(ReferralRequest request, CancellationToken cancellationToken = default)
    {
        EnsureActive();
        if (request.ReceiverFirmId == FirmId)
        {
            throw DomainException.Invalid("referral.receiver", "a firm cannot refer a client to itself");
        }

        if (!S.Clients.TryGetValue(request.ClientId, out var client))
        {
            throw DomainException.NotFound("Client");
        }

        var partnership = S.Partnerships.GetValueOrDefault(request.ReceiverFirmId);
        if (partnership?.Status != PartnershipStatus.Active)
        {
            throw DomainException.Precondition(Reasons.NotPartners,
                $"'{request.ReceiverFirmId}' is not an active partner: propose a partnership first.");
        }

        if (!await Firm(request.ReceiverFirmId).AcceptsReferralsAsync(cancellationToken))
        {
            throw DomainException.Precondition(Reasons.FirmSuspended, $"'{request.ReceiverFirmId}' is suspended and cannot receive referrals.");
        }

        var terms = request.TermsOverride ?? partnership.Terms;
        EnsureInScope(partnership.Terms, request.Need.Skills);
        EnsureNotUnderCustody(client.Identity, client.IdentitySince);

        var referralId = NewReferralId(request.RequestId);
        var snapshot = await GrainFactory.GetGrain<IClientGrain>(ResourceIds.ClientKey(NetworkId, FirmId, request.ClientId))
            .PrepareReferralAsync(referralId, returningToCustodian: false, cancellationToken);
        var draft = new ReferralDraft(
            NetworkId, referralId, request.Kind, FirmId, request.ReceiverFirmId, FirmId, snapshot, request.Need,
            request.Warmth, terms, request.ExpireTime ?? Now + ReferralLimits.DefaultExpiry, request.Note, null,
            Fingerprint(request));
        return await CreateReferralGrainAsync(draft, cancellationToken);
    }

    public async Task<ReferralView> ReturnNeedAsync(string originalReferralId, Need need, int warmth, string note, string? requestId, CancellationToken cancellationToken = default)
    {
        EnsureActive();
        var original = await GrainFactory.GetGrain<IReferralGrain>(ResourceIds.ReferralKey(NetworkId, originalReferralId))
            .GetAsync(FirmId, cancellationToken);
        if (original.ReceiverFirmId != FirmId)
        {
            throw DomainException.Denied(Reasons.WrongRole, "Only the receiver of a referral can return a need to its custodian.");
        }

        if (original.Status is not (ReferralStatus.Accepted or ReferralStatus.InProgress or ReferralStatus.Won or ReferralStatus.Lost))
        {
            throw DomainException.Precondition(Reasons.IllegalTransition,
                $"A need can be returned only from an accepted referral; this one is {ReferralLifecycle.Describe(original.Status)}.");
        }

        var custodian = original.CustodianFirmId;
        // The client is the custodian's own: handing its work back earns the returning firm no fee.
        var agreed = S.Partnerships.GetValueOrDefault(custodian) is { Status: PartnershipStatus.Active } p ? p.Terms : original.Terms;
        var terms = agreed with { FeePercent = 0, FeeCapMonths = 0, Scope = [] };
        var referralId = NewReferralId(requestId);
        var snapshot = await GrainFactory.GetGrain<IClientGrain>(ResourceIds.ClientKey(NetworkId, custodian, original.ClientId))
            .PrepareReferralAsync(referralId, returningToCustodian: true, cancellationToken);
        var fingerprint = Fingerprint(new ReferralRequest(ReferralKind.Referral, custodian, original.ClientId, need, warmth, null, null, note, originalReferralId));
        var draft = new ReferralDraft(
            NetworkId, referralId, ReferralKind.Referral, FirmId, custodian, custodian, snapshot, need, warmth, terms,
            Now + ReferralLimits.DefaultExpiry, note, originalReferralId, fingerprint);
        return await CreateReferralGrainAsync(draft, cancellationToken);
    }

    private async Task<ReferralView> CreateReferralGrainAsync(ReferralDraft draft, CancellationToken cancellationToken)
    {
        var view = await GrainFactory.GetGrain<IReferralGrain>(ResourceIds.ReferralKey(NetworkId, draft.ReferralId))
            .CreateAsync(draft, cancellationToken);
        ApplySummary(ReferralGrain.Summarize(view, draft.Client.NormalizedIdentity, draft.Client.DisplayName));
        await Writer.WriteAsync();
        SchedulePublish(); // the keep ratio counts clients passed on
        return view;
    }

    public Task<ReferralPage> ListReferralsAsync(ReferralRole role, ReferralStatus? status, int pageSize, string? afterKey, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        var now = Now;
        var page = S.Referrals.Values
            .Select(r => r with { Status = ReferralLifecycle.Effective(r.Status, r.ExpireTime, now) })
            .Where(r => role switch
            {
                ReferralRole.Sent => r.ReferrerFirmId == FirmId,
                ReferralRole.Received => r.ReceiverFirmId == FirmId,
                _ => true,
            })
            .Where(r => status is null || r.Status == status)
            .Select(r => (Key: ListKey(r), Referral: r))
            .Where(x => afterKey is null || string.CompareOrdinal(x.Key, afterKey) > 0)
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();
        var next = page.Count > pageSize ? page[pageSize - 1].Key : null;
        return Task.FromResult(new ReferralPage(page.Take(pageSize).Select(x => x.Referral).ToList(), next));
    }

    /// <summary>Newest first: the key sorts descending by creation time, then by id.</summary>
    private static string ListKey(ReferralSummary r) => $"{DateTime.MaxValue.Ticks - r.CreateTime.Ticks:D19}:{r.ReferralId}";

    public async Task OnReferralChangedAsync(ReferralSummary summary, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        if (ApplySummary(summary))
        {
            await Writer.WriteAsync();
            SchedulePublish();
        }
    }

    private bool ApplySummary(ReferralSummary summary)
    {
        if (S.Referrals.TryGetValue(summary.ReferralId, out var known) && known.Version >= summary.Version)
        {
            return false;
        }

        S.Referrals[summary.ReferralId] = summary;
        return true;
    }

    private static void EnsureInScope(PartnershipTerms terms, IReadOnlyList<string> skills)
    {
        if (terms.Scope.Count == 0)
        {
            return;
        }

        var outside = skills.Where(s => !terms.Scope.Contains(s)).ToList();
        if (outside.Count > 0)
        {
            throw DomainException.Precondition(Reasons.OutOfScope,
                $"Skills outside the partnership's agreed scope: {string.Join(", ", outside)}.");
        }
    }

    private string NewReferralId(string? requestId)
    {
        // A retried create with the same request id addresses the same referral grain, which
        // returns the referral it already made instead of making a second one.
        var bytes = requestId is { Length: > 0 }
            ? SHA256.HashData(Encoding.UTF8.GetBytes($"{NetworkId}/{FirmId}/{requestId}"))
            : RandomNumberGenerator.GetBytes(16);
        return "r" + Base32(bytes)[..19];
    }

    private static string Fingerprint(ReferralRequest r)
    {
        var text = string.Join('|', r.Kind, r.ReceiverFirmId, r.ClientId, string.Join(',', r.Need.Skills), r.Need.Description,
            r.Need.BudgetMinCents, r.Need.BudgetMaxCents, r.Need.Deadline, r.Warmth, TermsText(r.TermsOverride), r.Note);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    // Spelled out because a record's ToString prints a list as its type name: two overrides that
    // differ only in scope would otherwise fingerprint alike and a reused request id would pass.
    private static string TermsText(PartnershipTerms? t) =>
        t is null ? "" : $"{t.FeePercent}/{t.FeeCapMonths}/{t.NonSolicitMonths}/{string.Join(',', t.Scope)}";

    private static string Base32(byte[] bytes)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var sb = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        return sb.ToString();
    }

    // ------------------------------------------------------------------ helpers

    // The firm and the operator pick their request ids independently: each has its own key space,
    // so neither can collide with (or block) the other's.
    private static string? OwnRequest(string? requestId) => requestId is { Length: > 0 } ? "firm:" + requestId : null;

    private static string? OperatorRequest(string? requestId) => requestId is { Length: > 0 } ? "operator:" + requestId : null;

    private bool IsRetry(string? request, string target) => RequestLog.IsRetry(S.ProcessedRequests, request, target, Now);

    private void Remember(string? request, string target) => RequestLog.Remember(S.ProcessedRequests, request, target, Now);

    private void EnsureExists()
    {
        if (!S.Exists)
        {
            throw DomainException.NotFound($"Firm '{FirmId}'");
        }
    }

    private void EnsureActive()
    {
        EnsureExists();
        if (S.Suspended)
        {
            throw DomainException.Denied(Reasons.FirmSuspended, "This firm is suspended.");
        }
    }

    private FirmView View(FirmVisibility visibility)
    {
        var view = new FirmView(NetworkId, FirmId, S.Profile!, S.Suspended, visibility, S.CreateTime, S.UpdateTime, Standing());
        return visibility == FirmVisibility.Public ? Public(view) : view;
    }

    /// <summary>
    /// What anyone in the network may see of a firm: people's e-mail and phone are for partners only.
    /// The network's directory uses it too, so a view taken for the firm itself cannot leak there.
    /// </summary>
    internal static FirmView Public(FirmView view) => view with
    {
        Visibility = FirmVisibility.Public,
        Profile = view.Profile with { People = view.Profile.People.Select(p => p with { Email = "", Phone = "" }).ToList() },
    };
}
