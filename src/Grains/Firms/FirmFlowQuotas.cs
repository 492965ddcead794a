using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// A firm's daily business-flow quotas (<see cref="FlowQuotas"/>): the network's limits, asked for at
/// most once a minute, and the day's counts, kept in the firm's state and stored with the change
/// they counted. Retries of a request are never counted (their callers check before).
/// </summary>
internal sealed class FirmFlowQuotas(string networkId, FirmState state, IGrainFactory grains, TimeProvider clock)
{
    private (NetworkLimits Limits, DateTime Fetched)? _limits;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Reads the network's limits when the firm's copy is over a minute old.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (_limits is not { } cached || Now - cached.Fetched > FirmReferralCreation.SlaRefresh || Now < cached.Fetched)
        {
            _limits = (await grains.GetGrain<INetworkGrain>(networkId).GetLimitsAsync(cancellationToken), Now);
        }
    }

    /// <summary>Counts one more referral opened today (RESOURCE_EXHAUSTED once the day's quota is used).</summary>
    public void TakeReferral() =>
        state.ReferralsToday = FlowQuotas.Take(state.ReferralsToday, Now,
            FlowQuotas.Limit(Limits.ReferralsPerFirmPerDay, NetworkLimits.DefaultReferralsPerDay), "referrals and introductions");

    /// <summary>Counts one more partnership proposal made today (RESOURCE_EXHAUSTED once the day's quota is used).</summary>
    public void TakeProposal() =>
        state.ProposalsToday = FlowQuotas.Take(state.ProposalsToday, Now,
            FlowQuotas.Limit(Limits.ProposalsPerFirmPerDay, NetworkLimits.DefaultProposalsPerDay), "partnership proposals");

    private NetworkLimits Limits => _limits?.Limits ?? NetworkLimits.Default;
}
