using System.Security.Cryptography;

namespace Viidakko.Grains.Domain;

/// <summary>What a new referral or introduction is made of, and what its referrer must check first.</summary>
public static class ReferralDrafts
{
    /// <summary>
    /// What the referrer can check alone: not to itself, an active partner, skills within the agreed
    /// scope. Returns the partnership the referral goes through.
    /// </summary>
    public static PartnershipHalf EnsureCanRefer(string firmId, ReferralRequest request, PartnershipBook partnerships)
    {
        if (request.ReceiverFirmId == firmId)
        {
            throw DomainException.Invalid("referral.receiver", "a firm cannot refer a client to itself");
        }

        var partnership = partnerships.Find(request.ReceiverFirmId);
        if (partnership?.Status != PartnershipStatus.Active)
        {
            throw DomainException.Precondition(Reasons.NotPartners, $"'{request.ReceiverFirmId}' is not an active partner: propose a partnership first.");
        }

        PartnershipRules.EnsureInScope(partnership.Terms, request.Need.Skills);
        return partnership;
    }

    /// <summary>
    /// A referral or introduction of the referrer's own client, on the partnership's terms unless
    /// overridden; the receiver has the network's answer time (<paramref name="sla"/>) unless the
    /// referrer set an expire time. A re-routed hop carries its chain (<paramref name="reroute"/>); a
    /// first referral that asks for re-routing starts one.
    /// </summary>
    public static ReferralDraft Refer(
        string networkId, string referralId, string firmId, ReferralRequest request, PartnershipTerms agreed, ClientSnapshot client, SlaPolicy sla, DateTime now,
        RerouteChain? reroute = null) =>
        new(networkId, referralId, request.Kind, firmId, request.ReceiverFirmId, firmId, client, request.Need, request.Warmth,
            request.TermsOverride ?? agreed, request.ExpireTime ?? ReferralDeadlines.AnswerDue(sla, now), request.Note, null,
            Fingerprint(request.Request), Stored(sla),
            reroute ?? (request.RerouteHops > 0 ? new RerouteChain(referralId, Math.Min(request.RerouteHops, RerouteChain.Limit), []) : null));

    /// <summary>
    /// Out-of-scope work handed back to the custodian as a new referral. The client is the
    /// custodian's own, so it earns the returning firm no fee, on whatever terms the two have.
    /// </summary>
    public static ReferralDraft ReturnNeed(
        string networkId, string referralId, string firmId, ReferralView original, PartnershipTerms? current, Need need, int warmth,
        string note, ClientSnapshot client, RequestTag? request, SlaPolicy sla, DateTime now) =>
        new(networkId, referralId, ReferralKind.Referral, firmId, original.CustodianFirmId, original.CustodianFirmId, client, need, warmth,
            (current ?? original.Terms) with { FeePercent = 0, FeeCapMonths = 0, Scope = [] }, ReferralDeadlines.AnswerDue(sla, now), note,
            original.ReferralId, Fingerprint(request), Stored(sla));

    /// <summary>The policy as a referral keeps it: nothing for the defaults (most networks), so the referral's state stays small.</summary>
    private static SlaPolicy? Stored(SlaPolicy sla) => sla.Equals(SlaPolicy.Default) ? null : sla;

    /// <summary>The request's digest, by which the referral grain tells a retried create from a reused id; random without a request id.</summary>
    private static string Fingerprint(RequestTag? request) => request?.Fingerprint ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
