namespace Viidakko.Grains.Domain;

/// <summary>
/// What a firm shows of itself, computed from its state and its concerns: its profile as a viewer
/// may see it, its partnerships with their running totals, its standing, its side of a match, its
/// scoreboard and the facts the network's index keeps. Reads only; the grain decides nothing here.
/// </summary>
public sealed class FirmReadModel(
    string networkId,
    string firmId,
    FirmState state,
    PartnershipBook partnerships,
    ReferralIndex referrals,
    ClientRoster clients,
    FeedbackLedger feedback,
    TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The firm as <paramref name="viewerFirmId"/> may see it: itself in full, partners with contact details, others the public view.</summary>
    public FirmView ViewFor(string viewerFirmId) => View(
        viewerFirmId == firmId ? FirmVisibility.Self
        : partnerships.IsActive(viewerFirmId) ? FirmVisibility.Partner
        : FirmVisibility.Public);

    /// <summary>The firm with the given visibility; a public view never carries people's e-mail or phone.</summary>
    public FirmView View(FirmVisibility visibility)
    {
        var view = new FirmView(networkId, firmId, state.Profile!, state.Suspended, visibility, state.CreateTime, state.UpdateTime, Standing());
        return visibility == FirmVisibility.Public ? ProfileUpdate.Public(view) : view;
    }

    /// <summary>Reputation, referral quality, keep ratio, confirmed wins and responsiveness.</summary>
    public FirmStanding Standing() =>
        Standings.Compute(firmId, feedback.All, clients.Kept(), referrals.ClientsPassedOn, feedback.ConfirmedWins, Now, referrals.Responsiveness);

    /// <summary>One partnership with the fees and referral counts between the two firms.</summary>
    public PartnershipView Partnership(PartnershipHalf h)
    {
        var t = referrals.TotalsWith(h.PartnerFirmId);
        return new PartnershipView(
            networkId, firmId, h.PartnerFirmId, h.Status, h.ProposerFirmId, h.Terms, h.Message, h.StatusNote,
            h.LastActorFirmId, h.Version, h.CreateTime, h.UpdateTime, t.OwedToFirmCents, t.OwedByFirmCents, t.Sent, t.Received);
    }

    /// <summary>A page of partnerships ordered by partner id.</summary>
    public PartnershipPage Partnerships(PartnershipStatus? status, int pageSize, string? afterPartnerId)
    {
        var page = partnerships.Page(status, pageSize, afterPartnerId);
        var next = page.Count > pageSize ? page[pageSize - 1].PartnerFirmId : null;
        return new PartnershipPage(page.Take(pageSize).Select(Partnership).ToList(), next);
    }

    /// <summary>What the index shards hold of this firm: its public view, nothing of its clients.</summary>
    public FirmMatchFacts Facts() => new(View(FirmVisibility.Public));

    /// <summary>The firm's side of a match for a need of <paramref name="clientId"/> (or none).</summary>
    public MatchCaller MatchCaller(string? clientId)
    {
        if (clientId is not null)
        {
            clients.Get(clientId); // NOT_FOUND unless it is the firm's own client
        }

        var now = Now;
        var pairs = Standings.Pairs(firmId, partnerships.Statuses(), referrals.Counted, feedback.All, now);
        var profile = state.Profile!;
        return new MatchCaller(
            firmId,
            profile.Traits,
            profile.Capabilities.Select(c => c.Skill).ToList(),
            pairs,
            clientId is null ? [] : referrals.DeclinedBy(clientId),
            DateOnly.FromDateTime(now),
            profile.People.FirstOrDefault() is { } p ? (p.Role.Length > 0 ? $"{p.Name} ({p.Role})" : p.Name) : "");
    }

    /// <summary>The ledger with every partner, and the firm's standing.</summary>
    public Scoreboard Scoreboard()
    {
        var now = Now;
        var effective = referrals.Counted.Select(r => r with { Status = ReferralLifecycle.Effective(r.Status, r.ExpireTime, now) }).ToList();
        return new Scoreboard(Standings.Ledgers(firmId, partnerships.Statuses(), effective, feedback.All, now), Standing());
    }

    /// <summary>Chemistry with another firm and between the two firms' people.</summary>
    public ChemistryView Chemistry(string otherFirmId) => Standings.Chemistry(firmId, otherFirmId, feedback.All, Now);

    /// <summary>Unsealed ratings about the firm, newest first.</summary>
    public FeedbackPage FeedbackAboutFirm(int pageSize, int offset) => feedback.AboutFirm(pageSize, offset, Now);

    /// <summary>A page of the firm's referrals, newest first.</summary>
    public ReferralPage Referrals(ReferralRole role, ReferralStatus? status, int pageSize, string? afterKey) =>
        referrals.List(role, status, pageSize, afterKey, Now);
}
