using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary>
/// The pruned search of a shard gives exactly the ranking that scoring every member gives: the same
/// firms, in the same order, with the same explained scores, and the same exclusions, on many random
/// networks built to tie (identical profiles, shared reputations).
/// </summary>
public sealed class ShardIndexTests
{
    private const string Skill = "web";
    private static readonly string[] OtherSkills = ["mobile", "video", "marketing"];
    private static readonly string[] Traits = ["relaxed", "fast", "formal", "marketing-minded", "creative"];
    private static readonly string[] Cities = ["Turku", "Helsinki", "Oulu", ""];
    private static readonly DateOnly Today = new(2026, 12, 7);

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
            var index = new ShardIndex(Skill);
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
                Assert.Equal(exhaustive.Top.Select(Describe), pruned.Top.Select(Describe));
                Assert.Equal(exhaustive.Exclusions.Select(e => (e.Exclusion, e.Score)), pruned.Exclusions.Select(e => (e.Exclusion, e.Score)));
                if (query.Skills.Count == 1)
                {
                    Assert.Equal(exhaustive.Qualified, pruned.Qualified);
                }
            }
        }
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
        Assert.Equal(index.Rank(query, caller, 20, prune: false).Top.Select(Describe), pruned.Top.Select(Describe));
    }

    [Fact]
    public void The_bound_is_never_below_a_score_for_a_caller_without_history()
    {
        var random = new Random(11);
        for (var i = 0; i < 5000; i++)
        {
            var view = View(random, $"f{i}");
            var query = Query(random) with { Skills = view.Profile.Capabilities.Take(random.Next(1, 3)).Select(c => new SkillRequirement(c.Skill, 1)).ToList() };
            var callerTraits = Traits.Where(_ => random.Next(2) == 0).ToList();
            Assert.True(MatchScoring.Total(query, callerTraits, view, MatchScoring.NoHistory, Today) <= MatchScoring.UpperBound(view));
        }
    }

    private static string Describe(MatchCandidate c) =>
        $"{c.FirmId} {c.Score:R} {string.Join(";", c.Breakdown.Select(p => $"{p.Name}={p.Score:R}:{p.Explanation}"))}";

    /// <summary>Firms in the shard of <see cref="Skill"/>, many of them alike so that scores tie.</summary>
    private static List<FirmMatchFacts> Network(Random random, int size)
    {
        var templates = Enumerable.Range(0, random.Next(1, 6)).Select(t => View(random, $"template-{t}")).ToList();
        return Enumerable.Range(0, size).Select(i =>
        {
            var id = $"firm-{i:D4}";
            // A third are copies of a few templates: same profile, same standing, different id.
            var view = random.Next(3) == 0 ? templates[random.Next(templates.Count)] with { FirmId = id } : View(random, id);
            return new FirmMatchFacts(view);
        }).ToList();
    }

    private static FirmView View(Random random, string id)
    {
        var capabilities = new List<Capability> { new(Skill, random.Next(1, 6)) };
        capabilities.AddRange(OtherSkills.Where(_ => random.Next(3) == 0).Select(s => new Capability(s, random.Next(1, 6))));
        var profile = new FirmProfile(
            $"{id} Oy", Cities[random.Next(Cities.Length)], "", [new Person("Person", "Role", "", "")], capabilities,
            Traits.Where(_ => random.Next(3) == 0).ToList(), (CapacityStatus)random.Next(0, 4),
            random.Next(3) == 0 ? null : Today.AddDays(random.Next(-30, 90)));
        // Reputations from a short list, so that many firms share one.
        double?[] reputations = [null, 3.0, 4.0, 4.5, 5.0, 2.0];
        var standing = new FirmStanding(reputations[random.Next(reputations.Length)], random.Next(0, 5), null, 0, null,
            capabilities.Where(_ => random.Next(4) == 0).ToDictionary(c => c.Skill, _ => random.Next(1, 4)));
        return new FirmView("net", id, profile, random.Next(25) == 0, FirmVisibility.Public, DateTime.UnixEpoch, DateTime.UnixEpoch, standing);
    }

    private static MatchQuery Query(Random random)
    {
        var skills = new List<SkillRequirement> { new(Skill, random.Next(0, 4)) };
        if (random.Next(4) == 0)
        {
            skills.Add(new SkillRequirement(OtherSkills[random.Next(OtherSkills.Length)], random.Next(1, 3)));
        }

        return new MatchQuery(skills, Traits.Where(_ => random.Next(3) == 0).ToList(), 0, 0,
            random.Next(2) == 0 ? null : Today.AddDays(random.Next(0, 60)), Cities[random.Next(Cities.Length)], random.Next(2) == 0, null);
    }

    /// <summary>A caller that may itself be in the shard, with history with some firms and a client some declined.</summary>
    private static MatchCaller Caller(Random random, List<FirmMatchFacts> firms)
    {
        var pairs = firms.Where(_ => random.Next(12) == 0).ToDictionary(
            f => f.FirmId,
            _ => new PairFacts(random.Next(2) == 0, random.Next(3) == 0 ? null : 1 + random.Next(0, 9) * 0.5, random.Next(0, 4), random.Next(0, 6), random.Next(0, 6)));
        var declined = firms.Where(_ => random.Next(15) == 0).Select(f => f.FirmId).ToList();
        var id = random.Next(3) == 0 && firms.Count > 0 ? firms[random.Next(firms.Count)].FirmId : "outsider";
        return new MatchCaller(id, Traits.Where(_ => random.Next(2) == 0).ToList(), [Skill], pairs, declined, Today);
    }
}
