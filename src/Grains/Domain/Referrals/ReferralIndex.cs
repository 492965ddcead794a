namespace Viidakko.Grains.Domain;

/// <summary>
/// Every referral a firm took part in, as the referral grains last reported it, with what the firm
/// asks of them kept current as they change: running totals per partner, the clients it passed on,
/// and the clients it learned of through others' referrals (for custody), so that no call walks the
/// whole history.
/// </summary>
public sealed class ReferralIndex
{
    private readonly string _firmId;
    private readonly ItemMap<ReferralSummary> _referrals;
    private readonly Dictionary<string, PartnerTotals> _byPartner = new(StringComparer.Ordinal);
    // Per client of this firm: the referrals it sent of it as the client's custodian.
    private readonly Dictionary<string, HashSet<string>> _sentByClient = new(StringComparer.Ordinal);
    // Per identity part: referrals of other firms' clients that this firm received (custody blocks).
    private readonly Dictionary<string, HashSet<string>> _inCustodyByIdentity = new(StringComparer.Ordinal);
    // Referrals this firm received with a deadline on it (answer, or first contact): what its deadline timer watches.
    private readonly HashSet<string> _awaitingReceiver = new(StringComparer.Ordinal);
    private Responsiveness _responsiveness = Responsiveness.None;

    /// <summary>Builds the running totals once, from the stored summaries.</summary>
    public ReferralIndex(string firmId, ItemMap<ReferralSummary> referrals)
    {
        _firmId = firmId;
        _referrals = referrals;
        foreach (var r in referrals.Values)
        {
            Add(r);
        }
    }

    /// <summary>Every summary (for the scoreboard and pair facts).</summary>
    public IReadOnlyCollection<ReferralSummary> All => _referrals.Values;

    /// <summary>The referrals that count in this firm's reciprocity (see <see cref="ReferralLifecycle.Counts"/>).</summary>
    public IEnumerable<ReferralSummary> Counted => _referrals.Values.Where(r => ReferralLifecycle.Counts(r, _firmId));

    /// <summary>The summary of one referral, if this firm took part in it.</summary>
    public ReferralSummary? Find(string referralId) => _referrals.GetValueOrDefault(referralId);

    /// <summary>Takes a newer summary of a referral (idempotent by version); false when nothing changed.</summary>
    public bool Apply(ReferralSummary summary)
    {
        if (_referrals.TryGetValue(summary.ReferralId, out var known))
        {
            if (known.Version >= summary.Version)
            {
                return false;
            }

            Remove(known);
        }

        // The steps came for the feed; the firm keeps their count, not the steps.
        summary = summary with { Steps = null };
        _referrals[summary.ReferralId] = summary;
        Add(summary);
        return true;
    }

    /// <summary>Referrals this firm received with a deadline running on it (without walking the history).</summary>
    public IEnumerable<ReferralSummary> AwaitingReceiver => _awaitingReceiver.Select(id => _referrals[id]);

    /// <summary>How this firm answered the referrals it received, kept as running counts.</summary>
    public Responsiveness Responsiveness => _responsiveness;

    /// <summary>The running totals with one partner.</summary>
    public PartnerTotals TotalsWith(string partnerId) => _byPartner.GetValueOrDefault(partnerId) ?? PartnerTotals.None;

    /// <summary>How many of its own clients this firm has passed on (for its keep ratio).</summary>
    public int ClientsPassedOn => _sentByClient.Count;

    /// <summary>The firms that declined <paramref name="clientId"/> when this firm referred it.</summary>
    public List<string> DeclinedBy(string clientId) =>
        Sent(clientId).Where(r => r.Status == ReferralStatus.Declined).Select(r => r.ReceiverFirmId)
            .Distinct(StringComparer.Ordinal).ToList();

    /// <summary>An open referral of this firm's own client, if any (such a client cannot be kept meanwhile).</summary>
    public ReferralSummary? OpenReferralOf(string clientId, DateTime now) =>
        Sent(clientId).FirstOrDefault(r => !ReferralLifecycle.IsTerminal(ReferralLifecycle.Effective(r.Status, r.ExpireTime, now)));

    /// <summary>
    /// A referral through which this firm learned of a client with <paramref name="identity"/> and whose
    /// custody window is open; a client the firm had before (<paramref name="ownSince"/>) is not blocked.
    /// </summary>
    public ReferralSummary? CustodyBlock(string identity, DateTime? ownSince, DateTime now)
    {
        foreach (var part in ClientIdentity.Parts(identity))
        {
            if (!_inCustodyByIdentity.TryGetValue(part, out var ids))
            {
                continue;
            }

            foreach (var id in ids)
            {
                var r = _referrals[id];
                if (CustodyRules.Blocks(r.CustodySince, CustodyUntil(r, now), now, ownSince))
                {
                    return r;
                }
            }
        }

        return null;
    }

    /// <summary>A page of summaries, newest first, with each proposal's lapse already applied.</summary>
    public ReferralPage List(ReferralRole role, ReferralStatus? status, int pageSize, string? afterKey, DateTime now)
    {
        var page = _referrals.Values
            .Where(r => role switch
            {
                ReferralRole.Sent => r.ReferrerFirmId == _firmId,
                ReferralRole.Received => r.ReceiverFirmId == _firmId,
                _ => true,
            })
            .Select(r => r with { Status = ReferralLifecycle.Effective(r.Status, r.ExpireTime, now) })
            .Where(r => status is null || r.Status == status)
            .Select(r => (Key: ListKey(r), Referral: r))
            .Where(x => afterKey is null || string.CompareOrdinal(x.Key, afterKey) > 0)
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();
        var next = page.Count > pageSize ? page[pageSize - 1].Key : null;
        return new ReferralPage(page.Take(pageSize).Select(x => x.Referral).ToList(), next);
    }

    /// <summary>
    /// When a referral's window closes. A proposal that lapsed unanswered closes its window from its
    /// expire time even if nobody has opened the referral since (which is when the lapse is recorded).
    /// </summary>
    public static DateTime? CustodyUntil(ReferralSummary r, DateTime now) =>
        r.CustodyUntil
        ?? (ReferralLifecycle.Effective(r.Status, r.ExpireTime, now) == ReferralStatus.Expired
            ? CustodyRules.WindowEnd(ReferralStatus.Expired, r.ExpireTime, r.NonSolicitMonths)
            : null);

    /// <summary>Newest first: the key sorts descending by creation time, then by id.</summary>
    private static string ListKey(ReferralSummary r) => $"{DateTime.MaxValue.Ticks - r.CreateTime.Ticks:D19}:{r.ReferralId}";

    private IEnumerable<ReferralSummary> Sent(string clientId) =>
        _sentByClient.TryGetValue(clientId, out var ids) ? ids.Select(id => _referrals[id]) : [];

    private void Add(ReferralSummary r) => Index(r, 1);

    private void Remove(ReferralSummary r) => Index(r, -1);

    private void Index(ReferralSummary r, int sign)
    {
        var sent = r.ReferrerFirmId == _firmId;
        var partner = sent ? r.ReceiverFirmId : r.ReferrerFirmId;
        if (ReferralLifecycle.Counts(r, _firmId))
        {
            _byPartner[partner] = TotalsWith(partner).With(r, sent, sign);
        }

        if (sent && r.CustodianFirmId == _firmId)
        {
            Track(_sentByClient, r.ClientId, r.ReferralId, sign);
        }

        if (r.ReceiverFirmId == _firmId)
        {
            if (ReferralDeadlines.Of(r) is not null)
            {
                if (sign > 0) _awaitingReceiver.Add(r.ReferralId); else _awaitingReceiver.Remove(r.ReferralId);
            }

            _responsiveness = ResponsivenessCounts.With(_responsiveness, r, sign);
        }

        if (r.ReceiverFirmId == _firmId && r.CustodianFirmId != _firmId)
        {
            foreach (var part in ClientIdentity.Parts(r.ClientIdentity))
            {
                Track(_inCustodyByIdentity, part, r.ReferralId, sign);
            }
        }
    }

    private static void Track(Dictionary<string, HashSet<string>> index, string key, string referralId, int sign)
    {
        if (sign > 0)
        {
            if (!index.TryGetValue(key, out var ids))
            {
                index[key] = ids = new HashSet<string>(StringComparer.Ordinal);
            }

            ids.Add(referralId);
        }
        else if (index.TryGetValue(key, out var ids) && ids.Remove(referralId) && ids.Count == 0)
        {
            index.Remove(key);
        }
    }
}
