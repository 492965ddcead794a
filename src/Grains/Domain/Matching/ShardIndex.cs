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
    // Dense numbers for the cities and trait sets of the groups: a match computes location and
    // like-mindedness once per city and once per trait set, not once per group.
    private readonly SlotTable _cities = new();
    private readonly SlotTable _traitSets = new();
    private readonly string _skill;
    // Members offering the shard's skill, by declared level (index 1–5), suspended ones left out: the
    // exact number of candidates for a one-skill need without scoring them.
    private readonly int[] _byLevel = new int[6];
    // How many members offer each skill, suspended ones included: which skills the shard knows of.
    private readonly Dictionary<string, int> _offered = new(StringComparer.Ordinal);
    private FirmMatchFacts[]? _ordered;
    // The groups ordered by their best member's bound, for each of the two bounds (rebuilt after a change).
    private GroupOrder? _groupsBySkill;
    private GroupOrder? _groupsByAny;
    // A match's working space, kept between matches (an index serves one match at a time): the
    // location and like-mindedness values found so far, the queue of groups being read, and for each
    // group taken its next member and its dynamic part.
    private readonly DynamicParts _dynamic = new();
    private readonly PriorityQueue<int, double> _queue = new();
    private int[] _next = [];
    private double[] _groupDynamic = [];

    /// <summary>
    /// Below this many members a match scores them all: measured with bench/Viidakko.Bench.Match,
    /// scoring everyone is as fast or faster up to about 30 members and the pruned search wins from
    /// about 100 (docs/benchmarks.md).
    /// </summary>
    public const int DefaultScanBelow = 64;

    private readonly int _scanBelow;

    /// <summary>A shard of the firms that offer <paramref name="skill"/> (or of all firms, <see cref="IndexShards.All"/>).</summary>
    /// <param name="skill">The shard's skill.</param>
    /// <param name="scanBelow">Below this many members a match scores them all (<see cref="DefaultScanBelow"/>).</param>
    public ShardIndex(string skill, int scanBelow = DefaultScanBelow)
    {
        _skill = skill;
        _scanBelow = scanBelow;
    }

    /// <summary>How many firms the shard holds.</summary>
    public int Count => _byId.Count;

    /// <summary>How many groups of members sharing a city and a set of traits it holds.</summary>
    public int GroupCount => _groups.Count;

    /// <summary>How many members the last <see cref="Rank"/> scored, and how many groups it opened (for benchmarks).</summary>
    public (int Scored, int Groups) LastRank { get; private set; }

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
        var key = MatchScoring.DynamicKey(view.Profile);
        if (!_groups.TryGetValue(key, out var group))
        {
            _groups[key] = group = new Group(key, view, _cities.Acquire(MatchScoring.CityKey(view.Profile)), _traitSets.Acquire(MatchScoring.TraitsKey(view.Profile)));
        }

        var member = new Member(facts, MatchScoring.StaticBound(view, _skill), MatchScoring.StaticBound(view, null), group);
        _byId[facts.FirmId] = member;
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
    /// qualify. With <paramref name="prune"/> false, or in a shard smaller than its scan threshold,
    /// every member is scored on its own (also the reference the pruned search is tested against).
    /// </summary>
    public ShardMatch Rank(MatchQuery query, MatchCaller caller, int limit, bool prune = true)
    {
        var search = new Search(query, caller, limit);
        if (!prune || _byId.Count < _scanBelow)
        {
            // The reference: every member scored on its own, nothing shared between members.
            foreach (var member in _byId.Values)
            {
                var profile = member.Facts.PublicView.Profile;
                search.Consider(member.Facts, MatchScoring.LikeMindedValue(query, caller.Traits, profile.Traits), MatchScoring.LocationValue(query, profile.City));
            }

            LastRank = (_byId.Count, 0);
            return search.Finish(search.Qualified, complete: true);
        }

        var dynamic = _dynamic.Reset(query, caller.Traits, _cities.Size, _traitSets.Size);
        // Firms the caller has history with may score above their bound (chemistry, reciprocity):
        // score them all first; they are few (the caller's partners and counterparts).
        foreach (var firmId in caller.Pairs.Keys)
        {
            if (_byId.TryGetValue(firmId, out var member))
            {
                search.Consider(member.Facts, dynamic.LikeMindedness(member.Group), dynamic.Locality(member.Group));
            }
        }

        // A need for this shard's skill alone is bounded by that skill; any other by the best one.
        // Groups are taken in the order of their best member's static bound: a group's dynamic part is
        // computed only once the best it could reach (its head's static bound plus the largest dynamic
        // part there is) is no lower than the best bound already in the queue. The queue holds the
        // taken groups by their next member's bound (negated: it serves the lowest first).
        var bySkill = query.Skills is [var only] && only.Skill == _skill;
        var order = GroupsInOrder(bySkill);
        var heads = order.Heads;
        if (_next.Length < heads.Length)
        {
            _next = new int[heads.Length];
            _groupDynamic = new double[heads.Length];
        }

        var queue = _queue;
        queue.Clear();
        var admitted = 0;
        var scanned = 0;
        while (true)
        {
            while (admitted < heads.Length)
            {
                var optimistic = heads[admitted] + MatchScoring.MaxDynamicPart + MatchScoring.BoundMargin;
                if (search.CannotImprove(optimistic) || (queue.TryPeek(out _, out var best) && optimistic < -best))
                {
                    break;
                }

                _next[admitted] = 0;
                _groupDynamic[admitted] = dynamic.Of(order.CitySlots[admitted], order.TraitSetSlots[admitted], order.Groups[admitted]) + MatchScoring.BoundMargin;
                queue.Enqueue(admitted, -(heads[admitted] + _groupDynamic[admitted]));
                admitted++;
            }

            // Every group not yet taken could reach less than the queue's best: that best is the
            // highest bound of any member not yet scored.
            if (!queue.TryDequeue(out var taken, out var negatedBound) || search.CannotImprove(-negatedBound))
            {
                break;
            }

            var members = order.Groups[taken].InOrder(bySkill);
            var member = members[_next[taken]++];
            scanned++;
            if (!caller.Pairs.ContainsKey(member.Facts.FirmId))
            {
                search.Consider(member.Facts, dynamic.LikeMindedness(member.Group), dynamic.Locality(member.Group));
            }

            if (_next[taken] < members.Count)
            {
                var following = members[_next[taken]];
                queue.Enqueue(taken, -((bySkill ? following.SkillBound : following.AnyBound) + _groupDynamic[taken]));
            }
        }

        LastRank = (scanned, admitted);
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

        var group = removed.Group;
        group.Remove(removed);
        if (group.IsEmpty)
        {
            _groups.Remove(group.Key);
            _cities.Release(MatchScoring.CityKey(group.Representative.Profile));
            _traitSets.Release(MatchScoring.TraitsKey(group.Representative.Profile));
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

    private GroupOrder GroupsInOrder(bool bySkill) => bySkill
        ? _groupsBySkill ??= new GroupOrder(_groups.Values, true)
        : _groupsByAny ??= new GroupOrder(_groups.Values, false);

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
    private sealed record Member(FirmMatchFacts Facts, double SkillBound, double AnyBound, Group Group);

    /// <summary>
    /// Members sharing a city and a set of traits, kept in two orders (by each static bound, highest
    /// first, then by firm id); any member's view serves to compute the group's dynamic part.
    /// </summary>
    private sealed class Group(string key, FirmView representative, int citySlot, int traitSetSlot)
    {
        private readonly List<Member> _bySkill = [];
        private readonly List<Member> _byAny = [];

        public string Key { get; } = key;

        public FirmView Representative { get; } = representative;

        public int CitySlot { get; } = citySlot;

        public int TraitSetSlot { get; } = traitSetSlot;

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

    /// <summary>
    /// The groups by their best member's bound, highest first, with that bound and the group's city
    /// and trait-set slots in plain arrays: a match reads through the heads of many groups, and
    /// reading them from consecutive memory instead of from each group's objects is what keeps that
    /// cheap on a busy silo (measured: the object walk cost more than the scoring).
    /// </summary>
    private sealed class GroupOrder
    {
        public GroupOrder(IEnumerable<Group> groups, bool bySkill)
        {
            Groups = groups.OrderByDescending(g => g.HeadBound(bySkill)).ToArray();
            Heads = Groups.Select(g => g.HeadBound(bySkill)).ToArray();
            CitySlots = Groups.Select(g => g.CitySlot).ToArray();
            TraitSetSlots = Groups.Select(g => g.TraitSetSlot).ToArray();
        }

        public Group[] Groups { get; }

        public double[] Heads { get; }

        public int[] CitySlots { get; }

        public int[] TraitSetSlots { get; }
    }

    /// <summary>One match's location and like-mindedness values, computed at most once per city and per trait set.</summary>
    private sealed class DynamicParts
    {
        private MatchQuery? _query;
        private IReadOnlyList<string> _callerTraits = [];
        private double[] _locality = [];
        private double[] _likeMindedness = [];

        /// <summary>Forgets the last match's values and starts on <paramref name="query"/>.</summary>
        public DynamicParts Reset(MatchQuery query, IReadOnlyList<string> callerTraits, int cities, int traitSets)
        {
            _query = query;
            _callerTraits = callerTraits;
            if (_locality.Length < cities)
            {
                _locality = new double[cities];
            }

            if (_likeMindedness.Length < traitSets)
            {
                _likeMindedness = new double[traitSets];
            }

            Array.Fill(_locality, double.NaN, 0, cities);
            Array.Fill(_likeMindedness, double.NaN, 0, traitSets);
            return this;
        }

        public double Locality(Group group) => Locality(group.CitySlot, group);

        public double LikeMindedness(Group group) => LikeMindedness(group.TraitSetSlot, group);

        /// <summary>The <see cref="MatchScoring.DynamicPart(double, double)"/> of a group with these slots.</summary>
        public double Of(int citySlot, int traitSetSlot, Group group) =>
            MatchScoring.DynamicPart(LikeMindedness(traitSetSlot, group), Locality(citySlot, group));

        // The group is read only the first time its city or trait set comes up in this match.
        private double Locality(int slot, Group group)
        {
            ref var value = ref _locality[slot];
            if (double.IsNaN(value))
            {
                value = MatchScoring.LocationValue(_query!, group.Representative.Profile.City);
            }

            return value;
        }

        private double LikeMindedness(int slot, Group group)
        {
            ref var value = ref _likeMindedness[slot];
            if (double.IsNaN(value))
            {
                value = MatchScoring.LikeMindedValue(_query!, _callerTraits, group.Representative.Profile.Traits);
            }

            return value;
        }
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
        // The score of the page's last entry once the page is full (until then, lower than any bound).
        private double _lastOnFullPage = double.NegativeInfinity;
        private readonly Dictionary<string, (FirmView View, PairFacts Pair)> _candidates = new(StringComparer.Ordinal);
        private readonly List<(MatchExclusion Exclusion, double Score, string FirmId)> _excluded = [];

        public int Qualified { get; private set; }

        /// <summary>True once the page is full and a member reaching at most <paramref name="bound"/> would rank below its last entry.</summary>
        public bool CannotImprove(double bound) => limit == 0 || bound < _lastOnFullPage;

        /// <summary>Scores a member given its like-mindedness and location values, and keeps it if it makes the page.</summary>
        public void Consider(FirmMatchFacts facts, double likeMindedness, double locality)
        {
            var view = facts.PublicView;
            if (!MatchScoring.MeetsSkills(query, view.Profile))
            {
                return;
            }

            var pair = caller.Pairs.GetValueOrDefault(view.FirmId) ?? MatchScoring.NoHistory;
            var score = MatchScoring.Total(query, view, pair, caller.Today, likeMindedness, locality);
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

            if (_top.Count >= limit && limit > 0)
            {
                _lastOnFullPage = _top.Max.Score;
            }
        }

        public ShardMatch Finish(int qualified, bool complete)
        {
            var top = _top.Select(entry =>
            {
                var (view, pair) = _candidates[entry.FirmId];
                return new RankedFirm(entry.Score, view, pair);
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
