using Microsoft.Extensions.Logging;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// Automatic re-routing of a referrer's need. When a sent referral that asked for it is declined or
/// expires, the firm notes it (stored with that change) and, in a call of its own after the one that
/// told it, offers the need to the next partner in its match ranking that has not had it yet: a new
/// referral through the usual path, so custody, keep and disclosure hold for every hop. The next
/// hop's id comes from the chain's origin and the hop number, so a repeat after a crash finds the
/// same referral instead of making a second one.
/// </summary>
internal sealed class FirmRerouting(
    Grain grain, string networkId, string firmId, string scope, FirmState state, ReferralIndex referrals, FirmFeed feed,
    FirmReferralCreation creation, StateWriter<FirmState> writer, IGrainFactory grains, TimeProvider clock, ILogger logger)
{
    /// <summary>How many ranked candidates one hop tries before it gives up (each may refuse: custody, scope, suspended).</summary>
    private const int CandidatesPerHop = 5;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Notes a sent referral that must be offered on; true when it was newly noted.</summary>
    public bool Note(ReferralSummary? known, ReferralSummary next) =>
        next.ReferrerFirmId == firmId && next.RerouteHopsLeft is not null && next.Status is ReferralStatus.Declined or ReferralStatus.Expired
        && known?.Status != next.Status && state.PendingReroutes.Add(next.ReferralId);

    /// <summary>Asks this firm, in a call of its own, to make the noted hops (nothing waits for it).</summary>
    public void Kick()
    {
        if (state.PendingReroutes.Count > 0)
        {
            _ = grain.AsReference<IFirmGrain>().ReroutePendingAsync();
        }
    }

    /// <summary>Makes every noted hop; one that fails for a passing reason stays noted for the next try.</summary>
    public async Task RunAsync()
    {
        foreach (var referralId in state.PendingReroutes.ToList())
        {
            try
            {
                await HopAsync(referralId);
            }
            catch (Exception e) when (e is not DomainException)
            {
                logger.LogWarning(e, "Re-routing {Referral} of {Firm} failed; it stays pending", referralId, firmId);
                continue;
            }

            state.PendingReroutes.Remove(referralId);
            await writer.WriteAsync();
        }
    }

    private async Task HopAsync(string referralId)
    {
        var last = referrals.Find(referralId);
        var old = await Referral(referralId).GetAsync(firmId);
        if (last is null || old.Reroute is not { } chain || old.ReroutedToReferralId is not null)
        {
            return;
        }

        var hops = chain.Earlier.Append(new ReferralHop(old.ReferralId, old.ReceiverFirmId, old.Status, old.DeclineReason, old.UpdateTime)).ToList();
        if (hops.Count > chain.MaxHops)
        {
            feed.Append(FirmEventRules.ForRerouteExhausted(last, "HOPS_USED", Now));
            return;
        }

        var next = new RerouteChain(chain.OriginReferralId, chain.MaxHops, hops);
        var tried = hops.Select(h => h.ReceiverFirmId).ToHashSet(StringComparer.Ordinal);
        foreach (var candidate in await CandidatesAsync(old, tried))
        {
            var request = new ReferralRequest(old.Kind, candidate, old.ClientId, old.Need, old.Warmth, null, null, old.Note,
                new RequestTag($"reroute-{chain.OriginReferralId}-{hops.Count}", $"reroute:{chain.OriginReferralId}:{hops.Count}"));
            ReferralView created;
            try
            {
                created = await creation.ReferAsync(scope, request, CancellationToken.None, next);
            }
            catch (DomainException e) when (e.Kind is DomainErrorKind.FailedPrecondition or DomainErrorKind.PermissionDenied or DomainErrorKind.InvalidArgument)
            {
                logger.LogInformation("Re-routing {Referral}: {Candidate} cannot take it ({Reason})", referralId, candidate, e.Reason);
                continue;
            }

            feed.Append(FirmEventRules.ForReroute(last, created.ReferralId, Now));
            await Referral(referralId).RecordRerouteAsync(firmId, created.ReferralId);
            return;
        }

        feed.Append(FirmEventRules.ForRerouteExhausted(last, "NO_PARTNER_LEFT", Now));
    }

    /// <summary>Active partners for the need, best first, without those that had it.</summary>
    private async Task<List<string>> CandidatesAsync(ReferralView old, IReadOnlySet<string> tried)
    {
        var query = new MatchQuery(old.Need.Skills.Select(s => new SkillRequirement(s, 1)).ToList(), [], old.Need.BudgetMinCents,
            old.Need.BudgetMaxCents, old.Need.Deadline, "", true, old.ClientId);
        var result = await grains.GetGrain<IMatchmakerGrain>(networkId).MatchPartnersAsync(firmId, query, 0, 50);
        return result.Candidates.Where(c => c.Partner && !tried.Contains(c.FirmId)).Select(c => c.FirmId).Take(CandidatesPerHop).ToList();
    }

    private IReferralGrain Referral(string referralId) => grains.GetGrain<IReferralGrain>(ResourceIds.ReferralKey(networkId, referralId));
}
