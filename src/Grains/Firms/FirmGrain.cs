using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// A partner firm. It holds the firm's state and orchestrates: each concern's decisions live in a
/// plain class (<see cref="PartnershipBook"/>, <see cref="ClientRoster"/>, <see cref="ReferralIndex"/>,
/// <see cref="FeedbackLedger"/>, <see cref="FirmEventRules"/>); the grain loads state, asks them, calls
/// the other grains, persists and keeps the index current (<see cref="FirmIndexPublisher"/>). Longer
/// flows have their own orchestrating class: <see cref="FirmPartnerships"/>, <see cref="FirmReferralCreation"/>,
/// <see cref="FirmLearner"/> (taking in a referral's change) and <see cref="FirmFeed"/> (the event feed).
/// </summary>
[GrainType("firm")]
internal sealed class FirmGrain(
    [PersistentState(GrainStorage.FirmState, GrainStorage.Name)] IPersistentState<FirmState> state,
    [FromKeyedServices(GrainStorage.Name)] IEventLogReader events,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<ReferralTimerOptions> timers,
    IHostApplicationLifetime lifetime,
    ILogger<FirmGrain> logger) : Grain, IFirmGrain, IRemindable, IMayBeAbsent
{
    bool IMayBeAbsent.IsAbsent => !S.Exists;

    // Request ids are each sender's own: the firm's and the operator's live apart, so neither can block the other's.
    private const string Own = "firm";
    private const string Operator = "operator";

    private string _networkId = "";
    private string _firmId = "";
    private StateWriter<FirmState> _writer = null!;
    private PartnershipBook _partnerships = null!;
    private ReferralIndex _referrals = null!;
    private ClientRoster _clients = null!;
    private FeedbackLedger _feedback = null!;
    private FirmAccount _account = null!;
    private FirmReadModel _read = null!;
    private FirmIndexPublisher _index = null!;
    private FirmRequests _requests = null!;
    private FirmFeed _feed = null!;
    private FirmLearner _learner = null!;
    private FirmPartnerships _partnershipFlow = null!;
    private FirmReferralCreation _creation = null!;
    private FirmFlowQuotas _quotas = null!;
    private FirmDeadlines _deadlines = null!;
    private FirmClientCreation _clientCreation = null!;
    private FirmRerouting _rerouting = null!;

    private FirmState S => state.State;
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_networkId, _firmId) = ResourceIds.SplitKey(this.GetPrimaryKeyString()) is [var network, var firm] ? (network, firm) : ("", "");
        _feed = new FirmFeed(S.Events, events, this.GetGrainId(), () => Now, lifetime.ApplicationStopping);
        _writer = new StateWriter<FirmState>(state, DeactivateOnIdle, _feed.OnWritten);
        _account = new FirmAccount(_firmId, S);
        _requests = new FirmRequests(S, _writer, clock);
        _partnerships = new PartnershipBook(_firmId, S.Partnerships);
        _referrals = new ReferralIndex(_firmId, S.Referrals);
        _clients = new ClientRoster(S.Clients, _referrals);
        _feedback = new FeedbackLedger(_firmId, S.Feedback, S.ConfirmedWins, S.ConfirmedReferralIds);
        _read = new FirmReadModel(_networkId, _firmId, S, _partnerships, _referrals, _clients, _feedback, clock);
        _index = new FirmIndexPublisher(this, GrainFactory, S, _writer, _read.Facts, logger, lifetime.ApplicationStopping);
        _partnershipFlow = new FirmPartnerships(_partnerships, _requests, _writer, _feed, Firm);
        _deadlines = new FirmDeadlines(this, S, _referrals, _writer, Referral, clock, timers, _firmId, _feedback, _feed);
        _learner = new FirmLearner(_firmId, _referrals, _feedback, _feed, _index, _deadlines, _writer, clock, S.SealedFeedback);
        _clientCreation = new FirmClientCreation(_clients, _requests, _index, Client, clock);
        _quotas = new FirmFlowQuotas(_networkId, S, GrainFactory, clock);
        _creation = new FirmReferralCreation(_networkId, _firmId, _partnerships, _clients, _learner, _requests, _index, _quotas, GrainFactory, clock);
        _learner.Rerouting = _rerouting = new FirmRerouting(this, _networkId, _firmId, Own, S, _referrals, _feed, _creation, _writer, GrainFactory, clock, logger);
        _rerouting.Kick(); // hops noted before a silo went
        _deadlines.EnsureScheduled(); // a timer whose registration was lost, or whose wake is past
        if (S.Exists && _feedback.Any)
        {
            // A rating that unsealed while this firm was not active changes its standing.
            _index.Schedule();
        }

        return base.OnActivateAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _index.Stop();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    // ------------------------------------------------------------------ identity (the operator)

    public async Task<FirmView> InitializeAsync(FirmProfile profile, string apiKeyHash, RequestTag? request = null, CancellationToken cancellationToken = default)
    {
        if (S.Exists && IsRetry(Operator, request))
        {
            // The first answer (with its key) may have been lost: the retry's key replaces it.
            S.ApiKeyHash = apiKeyHash;
            await _writer.WriteAsync();
            return _read.View(FirmVisibility.Self);
        }

        if (S.Exists)
        {
            throw new DomainException(DomainErrorKind.AlreadyExists, Reasons.FirmExists, $"Firm '{_firmId}' already exists in network '{_networkId}'.");
        }

        S.Exists = true;
        S.Profile = profile;
        S.ApiKeyHash = apiKeyHash;
        S.CreateTime = S.UpdateTime = Now;
        await SaveAsync(Operator, request);
        await _index.PublishAsync(cancellationToken);
        return _read.View(FirmVisibility.Self);
    }

    public Task SetApiKeyHashAsync(string apiKeyHash, RequestTag? request = null, CancellationToken cancellationToken = default) =>
        RotateApiKeyAsync(apiKeyHash, TimeSpan.Zero, request, cancellationToken);

    public async Task<DateTime?> RotateApiKeyAsync(string apiKeyHash, TimeSpan keepPreviousFor, RequestTag? request = null, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        // A retry stores its key too, as a retried registration does: only the hash is kept, so the
        // key the first attempt issued cannot be answered again, and the caller holds only the new one.
        _account.Rotate(apiKeyHash, keepPreviousFor, Now, IsRetry(Operator, request));
        _feed.Append(FirmEventRules.ForKeyRotation(_firmId, Now));
        await SaveAsync(Operator, request);
        return S.PreviousKeyUntil;
    }

    public async Task<FirmView> SetSuspendedAsync(bool suspended, RequestTag? request = null, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        if (!IsRetry(Operator, request))
        {
            if (S.Suspended != suspended)
            {
                _feed.Append(FirmEventRules.ForSuspension(_firmId, suspended, Now));
            }

            S.Suspended = suspended;
            S.UpdateTime = Now;
            await SaveAsync(Operator, request);
            await _index.PublishAsync(cancellationToken);
        }

        return _read.View(FirmVisibility.Self);
    }

    public Task<FirmAuthResult> AuthenticateAsync(string apiKeyHash, CancellationToken cancellationToken = default) =>
        Task.FromResult(_account.Authenticate(apiKeyHash, Now));

    public Task<bool> AcceptsReferralsAsync(CancellationToken cancellationToken = default) =>
        Read(() => !S.Suspended);

    // ------------------------------------------------------------------ profile

    public Task<FirmView> GetAsync(string viewerFirmId, CancellationToken cancellationToken = default) =>
        Read(() => _read.ViewFor(viewerFirmId));

    public async Task<FirmView> UpdateProfileAsync(FirmProfile values, IReadOnlyList<string> paths, RequestTag? request = null, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        if (!IsRetry(Own, request))
        {
            S.Profile = ProfileUpdate.Apply(S.Profile!, values, paths);
            S.UpdateTime = Now;
            await SaveAsync(Own, request);
            await _index.PublishAsync(cancellationToken);
        }

        return _read.View(FirmVisibility.Self);
    }

    // ------------------------------------------------------------------ partnerships

    public async Task<PartnershipView> ProposePartnershipAsync(string partnerFirmId, PartnershipTerms terms, string message, RequestTag? request = null, CancellationToken cancellationToken = default)
    {
        await _quotas.RefreshAsync(cancellationToken);
        return await ChangePartnershipAsync(partnerFirmId, request, () =>
        {
            var proposal = _partnerships.Propose(partnerFirmId, terms, message, Now);
            _quotas.TakeProposal(); // counted once the proposal is allowed (a retry never reaches here)
            return proposal;
        }, cancellationToken);
    }

    public Task<PartnershipView> AcceptPartnershipAsync(string partnerFirmId, string note, RequestTag? request = null, CancellationToken cancellationToken = default) =>
        ChangePartnershipAsync(partnerFirmId, request, () => _partnerships.Answer(partnerFirmId, PartnershipStatus.Active, note, Now), cancellationToken);

    public Task<PartnershipView> DeclinePartnershipAsync(string partnerFirmId, string note, RequestTag? request = null, CancellationToken cancellationToken = default) =>
        ChangePartnershipAsync(partnerFirmId, request, () => _partnerships.Answer(partnerFirmId, PartnershipStatus.Declined, note, Now), cancellationToken);

    public Task<PartnershipView> EndPartnershipAsync(string partnerFirmId, string note, RequestTag? request = null, CancellationToken cancellationToken = default) =>
        ChangePartnershipAsync(partnerFirmId, request, () => _partnerships.End(partnerFirmId, note, Now), cancellationToken);

    public Task<PartnershipView> GetPartnershipAsync(string partnerFirmId, CancellationToken cancellationToken = default) =>
        Read(() => _read.Partnership(_partnerships.Get(partnerFirmId)));

    public Task<PartnershipPage> ListPartnershipsAsync(PartnershipStatus? status, int pageSize, string? afterPartnerId, CancellationToken cancellationToken = default) =>
        Read(() => _read.Partnerships(status, pageSize, afterPartnerId));

    public Task OnPartnershipChangedAsync(PartnershipChange change, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        return _partnershipFlow.MirrorAsync(change, S.Suspended);
    }

    private async Task<PartnershipView> ChangePartnershipAsync(
        string partnerFirmId, RequestTag? request, Func<PartnershipHalf> decide, CancellationToken cancellationToken)
    {
        EnsureActive();
        return _read.Partnership(await _partnershipFlow.ChangeAsync(Own, partnerFirmId, request, decide, cancellationToken));
    }

    // ------------------------------------------------------------------ clients

    public Task<ClientView> CreateClientAsync(string clientId, ClientInput input, RequestTag? request = null, CancellationToken cancellationToken = default)
    {
        EnsureActive();
        return _clientCreation.CreateAsync(Own, clientId, input, request, cancellationToken);
    }

    public Task<ClientView> UpdateClientAsync(string clientId, ClientInput values, IReadOnlyList<string> paths, RequestTag? request = null, CancellationToken cancellationToken = default) =>
        RelayToClientAsync(clientId, request, client => client.UpdateAsync(values, paths, request, cancellationToken));

    public Task<HassleEntry> LogHassleAsync(string clientId, HassleKind kind, int minutes, string note, DateTime occurTime, RequestTag? request = null, CancellationToken cancellationToken = default) =>
        RelayToClientAsync(clientId, request, client => client.LogHassleAsync(kind, minutes, note, occurTime, request, cancellationToken));

    public Task<RevenueEntry> LogRevenueAsync(string clientId, long amountCents, string note, DateTime occurTime, RequestTag? request = null, CancellationToken cancellationToken = default) =>
        RelayToClientAsync(clientId, request, client => client.LogRevenueAsync(amountCents, note, occurTime, request, cancellationToken));

    public Task<ClientPage> ListClientsAsync(int pageSize, string? afterClientId, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        return _clientCreation.ListAsync(pageSize, afterClientId, cancellationToken);
    }

    public Task<bool> HoldsClientAsync(string identity, CancellationToken cancellationToken = default) =>
        Read(() => _clients.Holds(identity));

    public Task<OverlapFacts> GetOverlapFactsAsync(CancellationToken cancellationToken = default) =>
        Read(() => new OverlapFacts(_partnerships.Statuses(), _clients.Identities()));

    public async Task<OverlapSettings> UpdateOverlapSharingAsync(string partnerFirmId, OverlapSharing sharing, RequestTag? request = null, CancellationToken cancellationToken = default)
    {
        EnsureActive();
        // The overlap grain reads this firm's partnership back within the call chain.
        using var reentrant = RequestContext.AllowCallChainReentrancy();
        return await RelayAsync(request, () => GrainFactory.GetGrain<IOverlapGrain>(this.GetPrimaryKeyString()).SetSharingAsync(partnerFirmId, sharing, request, cancellationToken));
    }

    public async Task ClaimClientIdentityAsync(string clientId, string identity, CancellationToken cancellationToken = default)
    {
        EnsureActive();
        if (_clients.Claim(clientId, identity, Now))
        {
            await _writer.WriteAsync();
            _index.Schedule();
        }
    }

    public async Task OnClientKeepChangedAsync(string clientId, bool keep, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        if (_clients.SetKeep(clientId, keep, Now))
        {
            await _writer.WriteAsync();
            _index.Schedule();
        }
    }

    /// <summary>
    /// A change to one of the firm's clients: the client grain may call back (a new identity, the
    /// keep flag) within this call chain, so the callback is let in rather than made interleaving.
    /// </summary>
    private async Task<T> RelayToClientAsync<T>(string clientId, RequestTag? request, Func<IClientGrain, Task<T>> call)
    {
        EnsureActive();
        _clients.Get(clientId);
        using var reentrant = RequestContext.AllowCallChainReentrancy();
        return await RelayAsync(request, () => call(Client(clientId)));
    }

    // ------------------------------------------------------------------ referrals

    public Task<ReferralView> CreateReferralAsync(ReferralRequest request, CancellationToken cancellationToken = default)
    {
        EnsureActive();
        return _creation.ReferAsync(Own, request, cancellationToken);
    }

    public Task<ReferralView> ReturnNeedAsync(string originalReferralId, Need need, int warmth, string note, RequestTag? request = null, CancellationToken cancellationToken = default)
    {
        EnsureActive();
        return _creation.ReturnNeedAsync(Own, originalReferralId, need, warmth, note, request, cancellationToken);
    }

    public async Task<ReferralView> ActOnReferralAsync(string referralId, ReferralAction action, CancellationToken cancellationToken = default) =>
        (await RelayToReferralAsync(action.Request, referral => referral.ApplyAsync(_firmId, action, cancellationToken), referralId,
            change => _learner.LearnOwnAsync(change.Summary))).View;

    public async Task<ReferralView> MarkFeePaidAsync(string referralId, string note, RequestTag? request = null, CancellationToken cancellationToken = default) =>
        (await RelayToReferralAsync(request, referral => referral.MarkFeePaidAsync(_firmId, note, request, cancellationToken), referralId,
            change => _learner.LearnOwnAsync(change.Summary))).View;

    public async Task<FeedbackRecord> SubmitFeedbackAsync(string referralId, FeedbackInput input, RequestTag? request = null, CancellationToken cancellationToken = default)
    {
        var people = S.Profile?.People.Select(p => p.Name).ToList() ?? [];
        var change = await RelayToReferralAsync(request, referral => referral.SubmitFeedbackAsync(_firmId, input, people, request, cancellationToken), referralId,
            change => _learner.LearnOwnAsync(change.Summary, change.Feedback));
        return change.Record;
    }

    public Task ReroutePendingAsync() => S.Exists ? _rerouting.RunAsync() : Task.CompletedTask;

    public Task ScheduleDeadlinesAsync() => S.Exists ? _deadlines.ScheduleAsync() : Task.CompletedTask;

    public Task<ReferralPage> ListReferralsAsync(ReferralRole role, ReferralStatus? status, int pageSize, string? afterKey, CancellationToken cancellationToken = default) =>
        Read(() => _read.Referrals(role, status, pageSize, afterKey));

    public Task OnReferralChangedAsync(ReferralSummary summary, CancellationToken cancellationToken = default) => LearnAndSaveAsync(summary, null);

    public Task OnFeedbackChangedAsync(ReferralSummary summary, IReadOnlyList<FeedbackRecord> feedback, CancellationToken cancellationToken = default) =>
        LearnAndSaveAsync(summary, feedback);

    private Task LearnAndSaveAsync(ReferralSummary summary, IReadOnlyList<FeedbackRecord>? feedback)
    {
        EnsureExists();
        return _learner.LearnAndSaveAsync(summary, feedback);
    }

    private Task<T> RelayToReferralAsync<T>(RequestTag? request, Func<IReferralGrain, Task<T>> call, string referralId, Func<T, Task<bool>> learn)
    {
        EnsureActive();
        return _requests.RelayAsync(Own, request, () => call(Referral(referralId)), learn);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == FirmDeadlines.Reminder && S.Exists ? _deadlines.OnWakeAsync() : Task.CompletedTask;

    // ------------------------------------------------------------------ the event feed

    public Task<FirmEventPage> ListEventsAsync(long afterPosition, int limit, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        return _feed.ReadAsync(afterPosition, limit, cancellationToken);
    }

    public Task<FirmEventPage> WaitForEventsAsync(long afterPosition, int limit, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        return _feed.WaitAsync(afterPosition, limit, maxWait, cancellationToken);
    }

    // ------------------------------------------------------------------ matching, feedback and the scoreboard

    public Task<FirmMatchFacts> GetMatchFactsAsync(CancellationToken cancellationToken = default) =>
        Read(() => _read.Facts());

    public Task<MatchCaller> GetMatchCallerAsync(string? clientId, CancellationToken cancellationToken = default) =>
        Read(() => _read.MatchCaller(clientId), active: true);

    public Task<Scoreboard> GetScoreboardAsync(CancellationToken cancellationToken = default) =>
        Read(() => _read.Scoreboard());

    public Task<FeedbackPage> ListFeedbackAboutFirmAsync(int pageSize, int offset, CancellationToken cancellationToken = default) =>
        Read(() => _read.FeedbackAboutFirm(pageSize, offset));

    public Task<ChemistryView> GetChemistryAsync(string otherFirmId, CancellationToken cancellationToken = default) =>
        Read(() => _read.Chemistry(otherFirmId));

    // ------------------------------------------------------------------ helpers

    /// <summary>A read of an existing firm (of an active one when <paramref name="active"/>).</summary>
    private Task<T> Read<T>(Func<T> read, bool active = false)
    {
        if (active) EnsureActive(); else EnsureExists();
        return Task.FromResult(read());
    }

    private void EnsureExists() => _account.EnsureExists();

    private void EnsureActive() => _account.EnsureActive();

    private bool IsRetry(string scope, RequestTag? request) => _requests.IsRetry(scope, request);

    private Task SaveAsync(string scope, RequestTag? request) => _requests.SaveAsync(scope, request);

    private Task<T> RelayAsync<T>(RequestTag? request, Func<Task<T>> call) => _requests.RelayAsync(Own, request, call, _ => Task.FromResult(false));

    private IFirmGrain Firm(string firmId) => GrainFactory.GetGrain<IFirmGrain>(ResourceIds.FirmKey(_networkId, firmId));

    private IClientGrain Client(string clientId) => GrainFactory.GetGrain<IClientGrain>(ResourceIds.ClientKey(_networkId, _firmId, clientId));

    private IReferralGrain Referral(string referralId) => GrainFactory.GetGrain<IReferralGrain>(ResourceIds.ReferralKey(_networkId, referralId));
}
