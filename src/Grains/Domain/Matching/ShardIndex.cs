namespace Viidakko.Grains.Domain;

/// <summary>
/// One index shard's members, ordered so that a match scores them best-first and stops once no
/// remaining member can beat the last score of the page it is filling (a threshold algorithm, after
/// Fagin). A member's highest reachable score is split in two (<see cref="MatchScoring"/>): a static
/// part (skill, evidence, capacity, reputation) and a part that depends on the need and the caller
/// (like-mindedness, location) but only through the member's city and set of traits. Members that
/// share those form a <see cref="Group"/>, kept in static-part order; a match computes the dynamic
/// part once per group and merges the groups by their next member's bound. The ranking is exactly
/// the one scoring every member gives: same firms, same order, same scores (a property test compares
/// the two on many random networks).
/// </summary>
public sealed class ShardIndex
{
    private readonly Dictionary<string, Member> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);
    private readonly string _skill;
    // Members offering the shard's skill, by declared level (index 1–5), suspended ones left out: the
    // exact number of candidates for a one-skill need without scoring them.
    private readonly int[] _byLevel = new int[6];
    // How many members offer each skill, suspended ones included: which skills the shard knows of.
    private readonly Dictionary<string, int> _offered = new(StringComparer.Ordinal);
    private FirmMatchFacts[]? _ordered;
    // The groups ordered by their best member's bound, for each of the two bounds (rebuilt after a change).
    private Group[]? _groupsBySkill;
    private Group[]? _groupsByAny;

    /// <summary>A shard of the firms that offer <paramref name="skill"/> (or of all firms, <see cref="IndexShards.All"/>).</summary>
    public ShardIndex(string skill) => _skill = skill;

    /// <summary>How many firms the shard holds.</summary>
    public int Count => _byId.Count;

    /// <summary>How many groups of members sharing a city and a set of traits it holds.</summary>
    public int GroupCount => _groups.Count;

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
        var view = facts.PublicView;
        var member = new Member(facts, MatchScoring.StaticBound(view, _skill), MatchScoring.StaticBound(view, null), MatchScoring.DynamicKey(view.Profile));
        _byId[facts.FirmId] = member;
        if (!_groups.TryGetValue(member.GroupKey, out var group))
        {
            _groups[member.GroupKey] = group = new Group(view);
        }

        group.Add(member);
        CountLevels(member, 1);
        CountOffered(member, 1);
        Changed();
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

        // A need for this shard's skill alone is bounded by that skill; any other by the best one.
        // Groups are taken in the order of their best member's static bound: a group's dynamic part is
        // computed only once the best it could reach (its head's static bound plus the largest dynamic
        // part there is) is no lower than the best bound already in the queue.
        var bySkill = query.Skills is [var only] && only.Skill == _skill;
        var groups = GroupsInOrder(bySkill);
        var cursors = new PriorityQueue<Cursor, double>();
        var admitted = 0;
        var scanned = 0;
        while (true)
        {
            while (admitted < groups.Length)
            {
                var group = groups[admitted];
                var optimistic = group.HeadBound(bySkill) + MatchScoring.MaxDynamicPart + MatchScoring.BoundMargin;
                if (prune && (search.CannotImprove(optimistic) || (cursors.TryPeek(out _, out var best) && optimistic < -best)))
                {
                    break;
                }

                var cursor = new Cursor(group.InOrder(bySkill), MatchScoring.DynamicPart(query, caller.Traits, group.Representative) + MatchScoring.BoundMargin, bySkill);
                cursors.Enqueue(cursor, -cursor.Bound);
                admitted++;
            }

            // Every group not yet taken could reach less than the queue's best: that best is the
            // highest bound of any member not yet scored.
            if (!cursors.TryDequeue(out var next, out _) || (prune && search.CannotImprove(next.Bound)))
            {
                break;
            }

            var member = next.Current;
            scanned++;
            if (!caller.Pairs.ContainsKey(member.Facts.FirmId))
            {
                search.Consider(member.Facts);
            }

            if (next.MoveNext())
            {
                cursors.Enqueue(next, -next.Bound);
            }
        }

        var complete = scanned == _byId.Count;
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

        return scanned == 0 ? 0 : search.Qualified + (int)Math.Round((double)(_byId.Count - scanned) * search.Qualified / scanned);
    }

    private bool Remove(string firmId, out Member? removed)
    {
        if (!_byId.Remove(firmId, out removed))
        {
            return false;
        }

        var group = _groups[removed.GroupKey];
        group.Remove(removed);
        if (group.IsEmpty)
        {
            _groups.Remove(removed.GroupKey);
        }

        CountLevels(removed, -1);
        CountOffered(removed, -1);
        Changed();
        return true;
    }

    private void Changed()
    {
        _ordered = null;
        _groupsBySkill = null;
        _groupsByAny = null;
    }

    private Group[] GroupsInOrder(bool bySkill) => bySkill
        ? _groupsBySkill ??= _groups.Values.OrderByDescending(g => g.HeadBound(true)).ToArray()
        : _groupsByAny ??= _groups.Values.OrderByDescending(g => g.HeadBound(false)).ToArray();

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

    /// <summary>A member with its static bounds: for a need of the shard's skill alone, and for any need.</summary>
    private sealed record Member(FirmMatchFacts Facts, double SkillBound, double AnyBound, string GroupKey);

    /// <summary>
    /// Members sharing a city and a set of traits, kept in two orders (by each static bound, highest
    /// first, then by firm id); any member's view serves to compute the group's dynamic part.
    /// </summary>
    private sealed class Group(FirmView representative)
    {
        private readonly List<Member> _bySkill = [];
        private readonly List<Member> _byAny = [];

        public FirmView Representative { get; } = representative;

        public bool IsEmpty => _bySkill.Count == 0;

        public List<Member> InOrder(bool bySkill) => bySkill ? _bySkill : _byAny;

        /// <summary>The static bound of the group's best member.</summary>
        public double HeadBound(bool bySkill) => bySkill ? _bySkill[0].SkillBound : _byAny[0].AnyBound;

        public void Add(Member member)
        {
            Insert(_bySkill, member, BySkillBound.Instance);
            Insert(_byAny, member, ByAnyBound.Instance);
        }

        public void Remove(Member member)
        {
            _bySkill.RemoveAt(_bySkill.BinarySearch(member, BySkillBound.Instance));
            _byAny.RemoveAt(_byAny.BinarySearch(member, ByAnyBound.Instance));
        }

        private static void Insert(List<Member> list, Member member, IComparer<Member> order)
        {
            var at = list.BinarySearch(member, order);
            list.Insert(at < 0 ? ~at : at, member);
        }
    }

    /// <summary>Where a match is in one group: its next member and that member's bound.</summary>
    private sealed class Cursor(List<Member> members, double dynamicPart, bool bySkill)
    {
        private int _at;

        public Member Current => members[_at];

        public double Bound => (bySkill ? Current.SkillBound : Current.AnyBound) + dynamicPart;

        public bool MoveNext() => ++_at < members.Count;
    }

    private sealed class BySkillBound : IComparer<Member>
    {
        public static readonly BySkillBound Instance = new();

        public int Compare(Member? x, Member? y) =>
            x!.SkillBound != y!.SkillBound ? y.SkillBound.CompareTo(x.SkillBound) : string.CompareOrdinal(x.Facts.FirmId, y.Facts.FirmId);
    }

    private sealed class ByAnyBound : IComparer<Member>
    {
        public static readonly ByAnyBound Instance = new();

        public int Compare(Member? x, Member? y) =>
            x!.AnyBound != y!.AnyBound ? y.AnyBound.CompareTo(x.AnyBound) : string.CompareOrdinal(x.Facts.FirmId, y.Facts.FirmId);
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
                .OrderBy(e => (e.Score, e.FirmId), Ranking.Instance)
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
