using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// What each party sees of a referral, and the summary its firms keep: who sees the client's contact
/// details, and when the referrer learns that the client was already the receiver's own.
/// </summary>
internal static class ReferralViews
{
    /// <summary>The referral as <paramref name="viewerFirmId"/> (one of its parties) sees it.</summary>
    public static ReferralView View(ReferralState s, string viewerFirmId)
    {
        var d = s.Draft!;
        // Contact details: the custodian knows its own client; an introduction's receiver sees them once accepted.
        var contact = viewerFirmId == d.CustodianFirmId ? d.Client.Contact
            : viewerFirmId == d.ReceiverFirmId && d.Kind == ReferralKind.Introduction ? s.RevealedContact
            : null;
        var disclosure = new Disclosure(d.Client.DisplayName, d.Client.Difficulty, s.CreateTime);
        var disclosed = Disclosed(s);
        return new ReferralView(
            d.NetworkId, d.ReferralId, d.Kind, s.Status, d.ReferrerFirmId, d.ReceiverFirmId, d.CustodianFirmId, d.Client.ClientId,
            d.Need, d.Warmth, d.Terms, disclosure, contact, d.ExpireTime, s.DeclineReason, s.LostReason, s.WonValueCents,
            s.ContractMonths, s.FeeDueCents, s.CustodyUntil, d.ReturnedFromReferralId, d.Note, s.Timeline.ToList(), s.Version,
            s.CreateTime, s.UpdateTime, s.FeePaidCents,
            // The receiver always knows its own client; the referrer only once the receiver said so.
            ReceiversOwnClient: s.ReceiversOwnClient && (viewerFirmId == d.ReceiverFirmId || disclosed),
            OwnClientDisclosed: disclosed,
            Deadline: ReferralDeadlines.Current(s.Status, s.CreateTime, d.ExpireTime, s.DeadlineWarned, s.FirstContact, ReferralDeadlineSteps.Sla(s)),
            // Where the need has been and gone is the referrer's: a receiver learns of no other receiver.
            Reroute: viewerFirmId == d.ReferrerFirmId ? d.Reroute : null,
            ReroutedToReferralId: viewerFirmId == d.ReferrerFirmId ? s.ReroutedTo : null);
    }

    /// <summary>What both parties' firm grains keep of the referral (with its timeline, for their feeds).</summary>
    public static ReferralSummary Summary(ReferralState s) => ReferralSummaries.Of(View(s, s.Draft!.CustodianFirmId), s.Draft.Client) with
    {
        ReceiversOwnClient = s.ReceiversOwnClient,
        OwnClientDisclosed = Disclosed(s),
        FirstContactMissed = s.FirstContact?.Missed ?? false,
        RerouteHopsLeft = s.Draft.Reroute?.HopsLeft,
    };

    /// <summary>True once the receiver told the referrer that the client was already its own.</summary>
    private static bool Disclosed(ReferralState s) => s.ReceiversOwnClient && ReferralLifecycle.OwnClientDisclosed(s.Status, s.DeclineReason);
}
