using Viidakko.Grains.Domain;
using Viidakko.Testing.Matching;
using static Viidakko.Testing.Matching.RandomShards;

namespace Viidakko.Grains.Tests.Domain;

/// <summary>
/// The pruned search of a shard gives exactly the ranking that scoring every member gives: the same
/// firms, in the same order, with the same explained scores, and the same exclusions, on many random
/// networks built to tie (identical profiles, shared reputations).
/// </summary>
public sealed class ShardIndexTests
{
    private const string Skill = RandomShards.Skill;
    private static readonly DateOnly Today = RandomShards.Today;

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= 40; seed++)
        {
            seeds.Add(seed);
        }

        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Pruned_and_exhaustive_rankings_are_the_same(int seed)
    {
        var random = new Random(seed);
        for (var network = 0; network < 25; network++)
        {
            var firms = Network(random, random.Next(1, 400));
            // No scan threshold: the pruned search runs on small shards too.
            var index = new ShardIndex(Skill, scanBelow: 0);
            foreach (var firm in firms)
            {
                index.Upsert(firm);
            }

            // Some firms change after they joined (the index keeps its order current).
            foreach (var firm in firms.Where(_ => random.Next(10) == 0).ToList())
            {
                index.Upsert(new FirmMatchFacts(View(random, firm.FirmId)));
            }

            foreach (var gone in firms.Where(_ => random.Next(20) == 0))
            {
                index.Remove(gone.FirmId);
            }

            for (var question = 0; question < 8; question++)
            {
                var query = Query(random);
                var caller = Caller(random, firms);
                var limit = random.Next(1, 31);

                var pruned = index.Rank(query, caller, limit, prune: true);
                var exhaustive = index.Rank(query, caller, limit, prune: false);

                Assert.True(exhaustive.Complete);
                Assert.Equal(exhaustive.Top.Select(f => Describe(query, caller, f)), pruned.Top.Select(f => Describe(query, caller, f)));
                Assert.Equal(exhaustive.Exclusions.Select(e => (e.Exclusion, e.Score)), pruned.Exclusions.Select(e => (e.Exclusion, e.Score)));
                if (query.Skills.Count == 1)
                {
                    Assert.Equal(exhaustive.Qualified, pruned.Qualified);
                }
            }
        }
    }

    [Fact]
    public void A_shard_below_the_scan_threshold_scores_everyone_and_ranks_the_same()
    {
        var random = new Random(11);
        var firms = Network(random, ShardIndex.DefaultScanBelow - 1);
        var scanned = new ShardIndex(Skill);
        var pruned = new ShardIndex(Skill, scanBelow: 0);
        foreach (var firm in firms)
        {
            scanned.Upsert(firm);
            pruned.Upsert(firm);
        }

        var query = new MatchQuery([new SkillRequirement(Skill, 1)], ["fast"], 0, 0, null, "", true, null);
        var caller = new MatchCaller("outsider", ["fast"], [Skill], new Dictionary<string, PairFacts>(), [], Today);

        var all = scanned.Rank(query, caller, 5);
        Assert.True(all.Complete);
        Assert.Equal(firms.Count, scanned.LastRank.Scored);
        Assert.False(pruned.Rank(query, caller, 5).Complete);
        Assert.Equal(all.Top.Select(f => (f.FirmId, f.Score)), pruned.Rank(query, caller, 5).Top.Select(f => (f.FirmId, f.Score)));
    }

    [Fact]
    public void A_large_shard_answers_a_short_page_without_scoring_everyone()
    {
        var random = new Random(7);
        var index = new ShardIndex(Skill);
        foreach (var firm in Network(random, 3000))
        {
            index.Upsert(firm);
        }

        var query = new MatchQuery([new SkillRequirement(Skill, 1)], ["fast"], 0, 0, null, "Turku", true, null);
        var caller = new MatchCaller("outsider", ["fast"], [Skill], new Dictionary<string, PairFacts>(), [], Today);

        var pruned = index.Rank(query, caller, 20);
        Assert.False(pruned.Complete);
        Assert.Equal(index.Rank(query, caller, 20, prune: false).Top.Select(f => Describe(query, caller, f)), pruned.Top.Select(f => Describe(query, caller, f)));
    }

    [Fact]
    public void The_bounds_are_never_below_a_score_for_a_caller_without_history()
    {
        var random = new Random(11);
        for (var i = 0; i < 5000; i++)
        {
            var view = View(random, $"f{i}");
            var query = Query(random) with { Skills = view.Profile.Capabilities.Take(random.Next(1, 3)).Select(c => new SkillRequirement(c.Skill, 1)).ToList() };
            var callerTraits = RandomTraits(random);
            var total = MatchScoring.Total(query, callerTraits, view, MatchScoring.NoHistory, Today);
            var dynamic = MatchScoring.DynamicPart(query, callerTraits, view) + MatchScoring.BoundMargin;
            Assert.True(total <= MatchScoring.StaticBound(view, null) + dynamic);
            if (query.Skills is [var only])
            {
                Assert.True(total <= MatchScoring.StaticBound(view, only.Skill) + dynamic);
            }

            // Another firm with the same city (in any case) and traits (in any order) has the same dynamic part.
            var twin = view with { Profile = view.Profile with { City = $" {view.Profile.City.ToUpperInvariant()} ", Traits = view.Profile.Traits.Reverse().ToList() } };
            Assert.Equal(MatchScoring.DynamicKey(view.Profile), MatchScoring.DynamicKey(twin.Profile));
            Assert.Equal(MatchScoring.DynamicPart(query, callerTraits, view), MatchScoring.DynamicPart(query, callerTraits, twin));
        }
    }

    // A ranked firm as the caller would see it explained; the explained total is the score it was ranked by.
    private static string Describe(MatchQuery query, MatchCaller caller, RankedFirm firm)
    {
        var c = MatchMerge.Explain(query, caller, firm);
        Assert.Equal(firm.Score, c.Score);
        return $"{c.FirmId} {c.Score:R} {string.Join(";", c.Breakdown.Select(p => $"{p.Name}={p.Score:R}:{p.Explanation}"))}";
    }
}
