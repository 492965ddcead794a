namespace Viidakko.Testing.Matching;

/// <summary>
/// Random members of one skill's index shard, queries and callers, built to tie (copies of a few
/// template profiles, reputations from a short list): for the property tests that compare the pruned
/// match with the exhaustive one, and for the micro-benchmark that times them.
/// </summary>
public static class RandomShards
{
    /// <summary>The skill every generated firm offers.</summary>
    public const string Skill = "web";

    private static readonly string[] OtherSkills = ["mobile", "video", "marketing"];
    private static readonly string[] Traits = ["relaxed", "fast", "formal", "marketing-minded", "creative"];
    private static readonly string[] Cities = ["Turku", "Helsinki", "Oulu", ""];

    /// <summary>The day the generated dates are relative to.</summary>
    public static readonly DateOnly Today = new(2026, 12, 7);

    /// <summary>Firms in the shard of <see cref="Skill"/>, many of them alike so that scores tie.</summary>
    public static List<FirmMatchFacts> Network(Random random, int size)
    {
        var templates = Enumerable.Range(0, random.Next(1, 6)).Select(t => View(random, $"template-{t}")).ToList();
        return Enumerable.Range(0, size).Select(i =>
        {
            var id = $"firm-{i:D6}";
            // A third are copies of a few templates: same profile, same standing, different id.
            var view = random.Next(3) == 0 ? templates[random.Next(templates.Count)] with { FirmId = id } : View(random, id);
            return new FirmMatchFacts(view);
        }).ToList();
    }

    /// <summary>One firm's public view with a random profile and standing.</summary>
    public static FirmView View(Random random, string id)
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

    /// <summary>A need for <see cref="Skill"/>, sometimes with a second skill, traits, a deadline and a city.</summary>
    public static MatchQuery Query(Random random)
    {
        var skills = new List<SkillRequirement> { new(Skill, random.Next(0, 4)) };
        if (random.Next(4) == 0)
        {
            skills.Add(new SkillRequirement(OtherSkills[random.Next(OtherSkills.Length)], random.Next(1, 3)));
        }

        return new MatchQuery(skills, RandomTraits(random), 0, 0,
            random.Next(2) == 0 ? null : Today.AddDays(random.Next(0, 60)), Cities[random.Next(Cities.Length)], random.Next(2) == 0, null);
    }

    /// <summary>A caller that may itself be in the shard, with history with some firms and a client some declined.</summary>
    public static MatchCaller Caller(Random random, List<FirmMatchFacts> firms)
    {
        var pairs = firms.Where(_ => random.Next(12) == 0).ToDictionary(
            f => f.FirmId,
            _ => new PairFacts(random.Next(2) == 0, random.Next(3) == 0 ? null : 1 + random.Next(0, 9) * 0.5, random.Next(0, 4), random.Next(0, 6), random.Next(0, 6)));
        var declined = firms.Where(_ => random.Next(15) == 0).Select(f => f.FirmId).ToList();
        var id = random.Next(3) == 0 && firms.Count > 0 ? firms[random.Next(firms.Count)].FirmId : "outsider";
        return new MatchCaller(id, Traits.Where(_ => random.Next(2) == 0).ToList(), [Skill], pairs, declined, Today);
    }

    /// <summary>A random subset of the traits.</summary>
    public static List<string> RandomTraits(Random random) => Traits.Where(_ => random.Next(3) == 0).ToList();
}
