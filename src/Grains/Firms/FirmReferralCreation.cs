using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// How a firm starts a referral: checks its side (partnership, custody, the receiver taking
/// referrals), has the client's grain prepare the snapshot, creates the referral grain (which tells
/// the receiver) and takes the answer in. A retry reaches the same referral grain (its id comes from
/// the request id), which answers it again.
/// </summary>
internal sealed class FirmReferralCreation(
    string networkId, string firmId, PartnershipBook partnerships, ClientRoster clients, FirmLearner learner, FirmRequests requests,
    FirmIndexPublisher index, FirmFlowQuotas quotas, IGrainFactory grains, TimeProvider clock)
{
    /// <summary>How long the firm uses the network's service levels before asking for them again (an operator's change reaches new referrals within this).</summary>
    internal static readonly TimeSpan SlaRefresh = TimeSpan.FromMinutes(1);

    private (SlaPolicy Policy, DateTime Fetched)? _sla;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>A referral or introduction of one of this firm's clients to a partner (a re-routed hop: with its chain).</summary>
    public async Task<ReferralView> ReferAsync(string scope, ReferralRequest request, CancellationToken cancellationToken, RerouteChain? reroute = null)
    {
        var retry = requests.IsRetry(scope, request.Request);
        var partnership = ReferralDrafts.EnsureCanRefer(firmId, request, partnerships);
        var client = clients.Get(request.ClientId);
        clients.EnsureNotUnderCustody(client.Identity, client.IdentitySince, Now);
        if (!await Firm(request.ReceiverFirmId).AcceptsReferralsAsync(cancellationToken))
        {
            throw DomainException.Precondition(Reasons.FirmSuspended, $"'{request.ReceiverFirmId}' is suspended and cannot receive referrals.");
        }

        await CountAsync(retry, cancellationToken);
        var referralId = ReferralIds.New(networkId, firmId, request.Request?.Id);
        var snapshot = await grains.GetGrain<IClientGrain>(ResourceIds.ClientKey(networkId, firmId, request.ClientId))
            .PrepareReferralAsync(referralId, returningToCustodian: false, cancellationToken);
        var draft = ReferralDrafts.Refer(networkId, referralId, firmId, request, partnership.Terms, snapshot, await SlaAsync(cancellationToken), Now, reroute);
        return await CreateAsync(scope, draft, request.Request, cancellationToken);
    }

    /// <summary>A need of a referred client passed back to its custodian.</summary>
    public async Task<ReferralView> ReturnNeedAsync(
        string scope, string originalReferralId, Need need, int warmth, string note, RequestTag? request, CancellationToken cancellationToken)
    {
        var retry = requests.IsRetry(scope, request);
        var original = await grains.GetGrain<IReferralGrain>(ResourceIds.ReferralKey(networkId, originalReferralId)).GetAsync(firmId, cancellationToken);
        ReferralLifecycle.EnsureCanReturnNeed(original, firmId);
        await CountAsync(retry, cancellationToken);
        var referralId = ReferralIds.New(networkId, firmId, request?.Id);
        var snapshot = await grains.GetGrain<IClientGrain>(ResourceIds.ClientKey(networkId, original.CustodianFirmId, original.ClientId))
            .PrepareReferralAsync(referralId, returningToCustodian: true, cancellationToken);
        var current = partnerships.Find(original.CustodianFirmId) is { Status: PartnershipStatus.Active } p ? p.Terms : null;
        var draft = ReferralDrafts.ReturnNeed(networkId, referralId, firmId, original, current, need, warmth, note, snapshot, request, await SlaAsync(cancellationToken), Now);
        return await CreateAsync(scope, draft, request, cancellationToken);
    }

    private async Task<ReferralView> CreateAsync(string scope, ReferralDraft draft, RequestTag? request, CancellationToken cancellationToken)
    {
        // The referral grain stores the referral and tells the receiver before it answers.
        var view = await grains.GetGrain<IReferralGrain>(ResourceIds.ReferralKey(networkId, draft.ReferralId)).CreateAsync(draft, cancellationToken);
        learner.LearnReferral(ReferralSummaries.Of(view, draft.Client));
        await requests.SaveAsync(scope, request);
        index.Schedule(); // the keep ratio counts clients passed on
        return view;
    }

    /// <summary>Counts a new referral against the day's quota, once every check before it passed (a retry is not counted).</summary>
    private async Task CountAsync(bool retry, CancellationToken cancellationToken)
    {
        if (!retry)
        {
            await quotas.RefreshAsync(cancellationToken);
            quotas.TakeReferral();
        }
    }

    /// <summary>The network's service levels, asked for at most once a minute.</summary>
    private async Task<SlaPolicy> SlaAsync(CancellationToken cancellationToken)
    {
        if (_sla is not { } cached || Now - cached.Fetched > SlaRefresh || Now < cached.Fetched)
        {
            var policy = await grains.GetGrain<INetworkGrain>(networkId).GetSlaPolicyAsync(cancellationToken);
            _sla = cached = (policy, Now);
        }

        return cached.Policy;
    }

    private IFirmGrain Firm(string id) => grains.GetGrain<IFirmGrain>(ResourceIds.FirmKey(networkId, id));
}
