namespace Viidakko.Grains.Domain;

/// <summary>
/// One index shard's members, kept in two orders: by id (the directory) and by the highest score
/// each could reach (<see cref="MatchScoring.UpperBound"/>), so a match scores members best-first and
/// stops once no remaining member can beat the last score of the page it is filling (a max-score
/// bound). The ranking is exactly the one scoring every member would give: same firms, same order,
/// same scores (a property test compares the two on many random networks).
/// </summary>
public sealed class ShardIndex
{
    private readonly Dictionary<string, Member> _byId = new(StringComparer.Ordinal);
    private readonly SortedSet<Member> _byBound = new(BestFirst.Instance);
    private readonly string _skill;
    // Members offering the shard's skill, by declared level (index 1–5), suspended ones left out: the
    // exact number of candidates for a one-skill need without scoring them.
    private readonly int[] _byLevel = new int[6];
    // How many members offer each skill, suspended ones included: which skills the shard knows of.
    private readonly Dictionary<string, int> _offered = new(StringComparer.Ordinal);
    private FirmMatchFacts[]? _ordered;

    /// <summary>A shard of the firms that offer <paramref name="skill"/> (or of all firms, <see cref="IndexShards.All"/>).</summary>
    public ShardIndex(string skill) => _skill = skill;

    /// <summary>How many firms the shard holds.</summary>
    public int Count => _byId.Count;

    /// <summary>The skills at least one member offers.</summary>
    public IReadOnlyCollection<string> Skills => _offered.Keys;

    /// <summary>Whether at least one member offers <paramref name="skill"/>.</summary>
    public bool Offers(string skill) => _offered.ContainsKey(skill);

    /// <summary>The members ordered by firm id (for the directory).</summary>
    public IReadOnlyList<FirmMatchFacts> InIdOrder => _ordered ??= _byId.Values.Select(m => m.Facts).OrderBy(f => f.FirmId, StringComparer.Ordinal).ToArray();

    /// <summary>Adds a firm or replaces its facts; true when it was new.</summary>
    public bool Upsert(FirmMatchFacts facts)
    {
        var isNew = !Remove(facts.FirmId, out _);
        var member = new Member(facts, MatchScoring.UpperBound(facts.PublicView));
        _byId[facts.FirmId] = member;
        _byBound.Add(member);
        CountLevels(member, 1);
        CountOffered(member, 1);
        _ordered = null;
        return isNew;
    }

    /// <summary>Removes a firm; true when it was a member.</summary>
    public bool Remove(string firmId) => Remove(firmId, out _);

    /// <summary>
    /// This shard's best <paramref name="limit"/> candidates for a need, ranked by score then firm id,
    /// the exclusions among the firms that would otherwise have been in them, and how many firms
    /// qualify. With <paramref name="prune"/> false every member is scored (the reference the pruned
    /// search is tested against).
    /// </summary>
    public ShardMatch Rank(MatchQuery query, MatchCaller caller, int limit, bool prune = true)
    {
        var search = new Search(query, caller, limit);
        // Firms the caller has history with may score above their bound (chemistry, reciprocity):
        // score them all first; they are few (the caller's partners and counterparts).
        foreach (var firmId in caller.Pairs.Keys)
        {
            if (_byId.TryGetValue(firmId, out var member))
            {
                search.Consider(member.Facts);
            }
        }

        var scanned = 0;
        foreach (var member in _byBound)
        {
            if (prune && search.CannotImprove(member.Bound))
            {
                break;
            }

            scanned++;
            if (!caller.Pairs.ContainsKey(member.Facts.FirmId))
            {
                search.Consider(member.Facts);
            }
        }

        var complete = scanned == _byBound.Count;
        return search.Finish(complete ? search.Qualified : EstimateQualified(query, caller, search, scanned), complete);
    }

    /// <summary>
    /// How many firms would qualify when not every member was scored: exact for a need of one skill
    /// (counted by level, less the caller itself and the firms it excludes), otherwise scaled from the
    /// share of scored members that qualified.
    /// </summary>
    private int EstimateQualified(MatchQuery query, MatchCaller caller, Search search, int scanned)
    {
        if (query.Skills is [var only] && only.Skill == _skill)
        {
            var count = 0;
            for (var level = Math.Clamp(only.MinLevel, 1, 5); level <= 5; level++)
            {
                count += _byLevel[level];
            }

            foreach (var firmId in caller.DeclinedBefore.Append(caller.FirmId).Distinct(StringComparer.Ordinal))
            {
                if (_byId.TryGetValue(firmId, out var m) && !m.Facts.PublicView.Suspended && MatchScoring.MeetsSkills(query, m.Facts.PublicView.Profile))
                {
                    count--;
                }
            }

            return Math.Max(count, search.Qualified);
        }

        return scanned == 0 ? 0 : search.Qualified + (int)Math.Round((double)(_byBound.Count - scanned) * search.Qualified / scanned);
    }

    private bool Remove(string firmId, out Member? removed)
    {
        if (!_byId.Remove(firmId, out removed))
        {
            return false;
        }

        _byBound.Remove(removed);
        CountLevels(removed, -1);
        CountOffered(removed, -1);
        _ordered = null;
        return true;
    }

    private void CountOffered(Member member, int sign)
    {
        foreach (var skill in member.Facts.PublicView.Profile.Capabilities.Select(c => c.Skill).Distinct(StringComparer.Ordinal))
        {
            var count = _offered.GetValueOrDefault(skill) + sign;
            if (count > 0)
            {
                _offered[skill] = count;
            }
            else
            {
                _offered.Remove(skill);
            }
        }
    }

    private void CountLevels(Member member, int sign)
    {
        if (member.Facts.PublicView.Suspended)
        {
            return;
        }

        foreach (var capability in member.Facts.PublicView.Profile.Capabilities)
        {
            if (capability.Skill == _skill && capability.Level is >= 1 and <= 5)
            {
                _byLevel[capability.Level] += sign;
            }
        }
    }

    private sealed record Member(FirmMatchFacts Facts, double Bound);

    /// <summary>Highest bound first; equal bounds by firm id, as ties rank.</summary>
    private sealed class BestFirst : IComparer<Member>
    {
        public static readonly BestFirst Instance = new();

        public int Compare(Member? x, Member? y) =>
            x!.Bound != y!.Bound ? y.Bound.CompareTo(x.Bound) : string.CompareOrdinal(x.Facts.FirmId, y.Facts.FirmId);
    }

    /// <summary>The page being filled: the best candidates so far, and the excluded firms that would have been among them.</summary>
    private sealed class Search(MatchQuery query, MatchCaller caller, int limit)
    {
        private readonly SortedSet<(double Score, string FirmId)> _top = new(Ranking.Instance);
        private readonly Dictionary<string, (FirmView View, PairFacts Pair)> _candidates = new(StringComparer.Ordinal);
        private readonly List<(MatchExclusion Exclusion, double Score, string FirmId)> _excluded = [];

        public int Qualified { get; private set; }

        /// <summary>True once the page is full and a member reaching at most <paramref name="bound"/> would rank below its last entry.</summary>
        public bool CannotImprove(double bound) => limit == 0 || (_top.Count >= limit && bound < _top.Max.Score);

        public void Consider(FirmMatchFacts facts)
        {
            var view = facts.PublicView;
            if (!MatchScoring.MeetsSkills(query, view.Profile))
            {
                return;
            }

            var pair = caller.Pairs.GetValueOrDefault(view.FirmId) ?? MatchScoring.NoHistory;
            var score = MatchScoring.Total(query, caller.Traits, view, pair, caller.Today);
            if (Exclusion(view) is { } exclusion)
            {
                _excluded.Add((exclusion, score, view.FirmId));
                return;
            }

            Qualified++;
            _candidates[view.FirmId] = (view, pair);
            _top.Add((score, view.FirmId));
            if (_top.Count > limit)
            {
                _candidates.Remove(_top.Max.FirmId);
                _top.Remove(_top.Max);
            }
        }

        public ShardMatch Finish(int qualified, bool complete)
        {
            var top = _top.Select(entry =>
            {
                var (view, pair) = _candidates[entry.FirmId];
                var (score, parts) = MatchScoring.Score(query, caller.Traits, view, pair, caller.Today);
                var suggestion = pair.Partner
                    ? "Already a partner: you can refer this work right away."
                    : "Not a partner yet: propose a handshake before referring work.";
                return new MatchCandidate(view.FirmId, view.Profile.DisplayName, view.Profile.City, score, parts, pair.Partner,
                    suggestion, view.Standing.Reputation, view.Standing.RatingCount);
            }).ToList();
            // Exclusions are explained for the firms the caller would otherwise have seen on this page.
            var cut = _top.Count >= limit && limit > 0 ? _top.Max : (Score: double.MinValue, FirmId: "");
            var exclusions = _excluded
                .Where(e => Ranking.Instance.Compare((e.Score, e.FirmId), cut) < 0 || limit == 0)
                .Select(e => new ScoredExclusion(e.Exclusion, e.Score))
                .ToList();
            return new ShardMatch(top, qualified, exclusions, complete);
        }

        private MatchExclusion? Exclusion(FirmView view) =>
            view.FirmId == caller.FirmId ? new MatchExclusion(view.FirmId, ExclusionReason.Self, "This is your own firm.")
            : view.Suspended ? new MatchExclusion(view.FirmId, ExclusionReason.Suspended, "Suspended by the hub operator.")
            : caller.DeclinedBefore.Contains(view.FirmId) ? new MatchExclusion(view.FirmId, ExclusionReason.DeclinedClientBefore, "Declined this same client before.")
            : null;
    }

    /// <summary>Best score first, then firm id: the order every match result is in.</summary>
    private sealed class Ranking : IComparer<(double Score, string FirmId)>
    {
        public static readonly Ranking Instance = new();

        public int Compare((double Score, string FirmId) x, (double Score, string FirmId) y) =>
            x.Score != y.Score ? y.Score.CompareTo(x.Score) : string.CompareOrdinal(x.FirmId, y.FirmId);
    }
}
