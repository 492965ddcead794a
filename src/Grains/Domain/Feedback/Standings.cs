namespace Viidakko.Grains.Domain;

/// <summary>
/// A firm's standing, its chemistry with others, and the per-partner ledger, all computed from what
/// the firm grain holds: referral summaries (versioned copies of the referral grains' truth) and the
/// feedback records of its referrals. Only unsealed ratings ever count.
/// </summary>
public static class Standings
{
    /// <summary>Reputation, referral quality, keep ratio, confirmed wins and responsiveness of <paramref name="firmId"/>.</summary>
    public static FirmStanding Compute(
        string firmId, IEnumerable<FeedbackRecord> feedback, int keptClients, int referredOutClients,
        IReadOnlyDictionary<string, int> confirmedWins, DateTime now, Responsiveness? responsiveness = null)
    {
        var aboutMe = feedback.Where(f => f.RateeFirmId == firmId && f.IsUnsealed(now)).ToList();
        var reputation = Ratings.DecayedAverage(aboutMe.Select(f => (f.Overall, f.CreateTime)), now);
        var quality = aboutMe
            .Where(f => f.Input.ReferralQuality is not null)
            .Select(f => ((f.Input.ReferralQuality!.AsDisclosed + f.Input.ReferralQuality.WorthTheHassle) / 2.0, f.CreateTime))
            .ToList();
        var denominator = keptClients + referredOutClients;
        return new FirmStanding(
            Round(reputation),
            aboutMe.Count,
            Round(Ratings.DecayedAverage(quality, now)),
            quality.Count,
            denominator == 0 ? null : Math.Round((double)keptClients / denominator, 4),
            new Dictionary<string, int>(confirmedWins, StringComparer.Ordinal),
            responsiveness ?? Responsiveness.None);
    }

    /// <summary>
    /// Chemistry between two firms: the recency-weighted average of their unsealed ratings of each
    /// other (direct experience, so no prior), and the same per pair of people.
    /// </summary>
    public static ChemistryView Chemistry(string firmId, string otherId, IEnumerable<FeedbackRecord> feedback, DateTime now)
    {
        var between = Between(firmId, otherId, feedback, now).ToList();
        var score = Ratings.DecayedAverage(between.Select(f => (f.Overall, f.CreateTime)), now, priorWeight: 0);
        var people = between
            .SelectMany(f => f.Input.PersonRatings.Select(p => (
                Mine: f.RaterFirmId == firmId ? p.FromPerson : p.ToPerson,
                Theirs: f.RaterFirmId == firmId ? p.ToPerson : p.FromPerson,
                Score: (double)p.Chemistry,
                Time: f.CreateTime)))
            .GroupBy(x => (x.Mine, x.Theirs))
            .OrderBy(g => g.Key.Mine, StringComparer.Ordinal).ThenBy(g => g.Key.Theirs, StringComparer.Ordinal)
            .Select(g => new PeopleChemistryView(g.Key.Mine, g.Key.Theirs,
                Round(Ratings.DecayedAverage(g.Select(x => (x.Score, x.Time)), now, priorWeight: 0)) ?? 0, g.Count()))
            .ToList();
        return new ChemistryView(otherId, Round(score), between.Count, people);
    }

    /// <summary>What <paramref name="firmId"/> knows about its history with each other firm.</summary>
    public static Dictionary<string, PairFacts> Pairs(
        string firmId, IReadOnlyDictionary<string, PartnershipStatus> partnerships, IEnumerable<ReferralSummary> referrals,
        IReadOnlyCollection<FeedbackRecord> feedback, DateTime now)
    {
        var others = new HashSet<string>(partnerships.Keys, StringComparer.Ordinal);
        var given = new Dictionary<string, int>(StringComparer.Ordinal);
        var received = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in referrals)
        {
            if (r.ReferrerFirmId == firmId)
            {
                received[r.ReceiverFirmId] = received.GetValueOrDefault(r.ReceiverFirmId) + 1;
                others.Add(r.ReceiverFirmId);
            }
            else
            {
                given[r.ReferrerFirmId] = given.GetValueOrDefault(r.ReferrerFirmId) + 1;
                others.Add(r.ReferrerFirmId);
            }
        }

        foreach (var f in feedback)
        {
            others.Add(f.RaterFirmId == firmId ? f.RateeFirmId : f.RaterFirmId);
        }

        others.Remove(firmId);
        return others.ToDictionary(
            other => other,
            other =>
            {
                var chemistry = Chemistry(firmId, other, feedback, now);
                return new PairFacts(
                    partnerships.GetValueOrDefault(other) == PartnershipStatus.Active,
                    chemistry.Score,
                    chemistry.RatingCount,
                    given.GetValueOrDefault(other),
                    received.GetValueOrDefault(other));
            },
            StringComparer.Ordinal);
    }

    /// <summary>
    /// The ledger with each partner in both directions. Both firms compute it from the same
    /// referral summaries and unsealed ratings, so A's "sent" is exactly B's "received".
    /// </summary>
    public static List<PartnerLedger> Ledgers(
        string firmId, IReadOnlyDictionary<string, PartnershipStatus> partnerships, IReadOnlyCollection<ReferralSummary> referrals,
        IReadOnlyCollection<FeedbackRecord> feedback, DateTime now)
    {
        var partners = new SortedSet<string>(partnerships.Keys, StringComparer.Ordinal);
        foreach (var r in referrals)
        {
            partners.Add(r.ReferrerFirmId == firmId ? r.ReceiverFirmId : r.ReferrerFirmId);
        }

        partners.Remove(firmId);
        return partners.Select(partner =>
        {
            var sent = Direction(referrals.Where(r => r.ReferrerFirmId == firmId && r.ReceiverFirmId == partner), feedback, now);
            var got = Direction(referrals.Where(r => r.ReferrerFirmId == partner && r.ReceiverFirmId == firmId), feedback, now);
            var countBalance = sent.Referrals + sent.Introductions - (got.Referrals + got.Introductions);
            var valueBalance = sent.WonValueCents - got.WonValueCents;
            return new PartnerLedger(partner, partnerships.GetValueOrDefault(partner), sent, got, countBalance, valueBalance,
                ReturnTheBall(countBalance, valueBalance));
        }).ToList();
    }

    /// <summary>Who owes whom a referral, in words.</summary>
    public static string ReturnTheBall(int countBalance, long valueBalanceCents) => (countBalance, valueBalanceCents) switch
    {
        (> 0, _) => $"They owe you: you have sent {countBalance} more than you received.",
        (< 0, _) => $"Return the ball: they have sent you {-countBalance} more than you sent them.",
        (0, > 0) => "Even in count; your referrals to them won more.",
        (0, < 0) => "Even in count; their referrals to you won more: return the ball.",
        _ => "Even.",
    };

    private static DirectionLedger Direction(IEnumerable<ReferralSummary> referrals, IReadOnlyCollection<FeedbackRecord> feedback, DateTime now)
    {
        var list = referrals.ToList();
        var ids = list.Select(r => r.ReferralId).ToHashSet(StringComparer.Ordinal);
        // The receiver rates each referral's quality; it counts once unsealed.
        var quality = feedback
            .Where(f => ids.Contains(f.ReferralId) && f.Input.ReferralQuality is not null && f.IsUnsealed(now))
            .Select(f => (f.Input.ReferralQuality!.AsDisclosed + f.Input.ReferralQuality.WorthTheHassle) / 2.0)
            .ToList();
        var accepted = list.Count(r => r.Status is ReferralStatus.Accepted or ReferralStatus.InProgress or ReferralStatus.Won or ReferralStatus.Lost);
        var won = list.Where(r => r.Status == ReferralStatus.Won).ToList();
        return new DirectionLedger(
            list.Count(r => r.Kind == ReferralKind.Referral),
            list.Count(r => r.Kind == ReferralKind.Introduction),
            accepted,
            won.Count,
            won.Sum(r => r.WonValueCents),
            list.Sum(r => r.FeeDueCents),
            list.Sum(r => r.FeePaidCents),
            quality.Count == 0 ? null : Math.Round(quality.Average(), 3),
            quality.Count);
    }

    private static IEnumerable<FeedbackRecord> Between(string a, string b, IEnumerable<FeedbackRecord> feedback, DateTime now) =>
        feedback.Where(f => f.IsUnsealed(now)
            && ((f.RaterFirmId == a && f.RateeFirmId == b) || (f.RaterFirmId == b && f.RateeFirmId == a)));

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;
}
