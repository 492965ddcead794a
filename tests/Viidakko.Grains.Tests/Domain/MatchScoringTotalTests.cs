using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary>
/// Shards rank every candidate by <see cref="MatchScoring.Total"/> and explain only the page they
/// return with <see cref="MatchScoring.Score"/>: the two must give exactly the same number, or the
/// explained page would not be in the order it was ranked in.
/// </summary>
public sealed class MatchScoringTotalTests
{
    private static readonly string[] Skills = ["web", "mobile", "marketing", "video"];
    private static readonly string[] Traits = ["relaxed", "fast", "formal", "marketing-minded", "creative"];
    private static readonly string[] Cities = ["Turku", "turku ", "Helsinki", ""];

    [Fact]
    public void Total_equals_the_explained_score_for_many_random_candidates_and_needs()
    {
        var random = new Random(20261127);
        var today = new DateOnly(2026, 11, 27);
        for (var i = 0; i < 2000; i++)
        {
            var capabilities = Skills.OrderBy(_ => random.Next()).Take(random.Next(1, 4))
                .Select(s => new Capability(s, random.Next(1, 6))).ToList();
            var profile = MatchScoringTests.Profile(
                capabilities,
                Pick(random, Traits, 4),
                (CapacityStatus)random.Next(0, 4),
                random.Next(3) == 0 ? null : today.AddDays(random.Next(-30, 60)),
                Cities[random.Next(Cities.Length)]);
            var standing = new FirmStanding(
                random.Next(3) == 0 ? null : 1 + random.NextDouble() * 4, random.Next(0, 9), null, 0, null,
                capabilities.ToDictionary(c => c.Skill, _ => random.Next(0, 6)));
            var candidate = MatchScoringTests.View($"f{i}", profile, standing);
            var query = new MatchQuery(
                capabilities.Take(random.Next(1, capabilities.Count + 1)).Select(c => new SkillRequirement(c.Skill, 1)).ToList(),
                Pick(random, Traits, 3), 0, 0,
                random.Next(2) == 0 ? null : today.AddDays(random.Next(0, 60)),
                Cities[random.Next(Cities.Length)], random.Next(2) == 0, null);
            var pair = new PairFacts(random.Next(2) == 0, random.Next(2) == 0 ? null : 1 + random.NextDouble() * 4, random.Next(5), random.Next(6), random.Next(6));
            var callerTraits = Pick(random, Traits, 4);

            var (explained, _) = MatchScoring.Score(query, callerTraits, candidate, pair, today);

            Assert.Equal(explained, MatchScoring.Total(query, callerTraits, candidate, pair, today));
        }
    }

    private static List<string> Pick(Random random, string[] from, int most)
    {
        // Duplicates on purpose: both paths must count a repeated trait once.
        var list = from.OrderBy(_ => random.Next()).Take(random.Next(0, most + 1)).ToList();
        if (list.Count > 0 && random.Next(4) == 0)
        {
            list.Add(list[0]);
        }

        return list;
    }
}
