using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

public sealed class MatchScoringTests
{
    private static readonly DateOnly Today = new(2026, 6, 1);

    internal static FirmProfile Profile(
        IReadOnlyList<Capability>? capabilities = null,
        IReadOnlyList<string>? traits = null,
        CapacityStatus capacity = CapacityStatus.Available,
        DateOnly? nextFree = null,
        string city = "Turku",
        IReadOnlyList<Person>? people = null) => new(
        "Firm Oy", city, "", people ?? [], capabilities ?? [new Capability("accounting", 4)], traits ?? [], capacity, nextFree);

    internal static FirmView View(string firmId, FirmProfile? profile = null, FirmStanding? standing = null) => new(
        "n", firmId, profile ?? Profile(), false, FirmVisibility.Public, DateTime.UnixEpoch, DateTime.UnixEpoch, standing ?? FirmStanding.None);

    private static FirmStanding Wins(string skill, int wins, double? reputation = null, int ratings = 0) =>
        new(reputation, ratings, null, 0, null, new Dictionary<string, int> { [skill] = wins });

    private static MatchQuery Query(
        IReadOnlyList<SkillRequirement>? skills = null,
        IReadOnlyList<string>? wantedTraits = null,
        DateOnly? deadline = null,
        string city = "",
        bool remoteOk = false) =>
        new(skills ?? [new SkillRequirement("accounting", 1)], wantedTraits ?? [], 0, 0, deadline, city, remoteOk, null);

    private static readonly PairFacts NoHistory = new(false, null, 0, 0, 0);

    [Fact]
    public void A_receiver_that_lets_proposals_expire_or_misses_first_contacts_ranks_lower_and_is_told_why()
    {
        var prompt = View("prompt", standing: Wins("accounting", 0, 4.0, 2) with { Responsiveness = new Responsiveness(10, 0, 8, 0) });
        var lapsing = View("lapsing", standing: Wins("accounting", 0, 4.0, 2) with { Responsiveness = new Responsiveness(5, 5, 4, 1) });
        var unknown = View("unknown", standing: Wins("accounting", 0, 4.0, 2));

        var (promptTotal, _) = MatchScoring.Score(Query(), [], prompt, NoHistory, Today);
        var (unknownTotal, _) = MatchScoring.Score(Query(), [], unknown, NoHistory, Today);
        var (lapsingTotal, parts) = MatchScoring.Score(Query(), [], lapsing, NoHistory, Today);

        // Answering everything costs nothing; half the proposals expired halves a quarter of the reputation part.
        Assert.Equal(unknownTotal, promptTotal);
        Assert.True(lapsingTotal < promptTotal);
        var reputation = parts.Single(p => p.Name == MatchScoring.Reputation);
        Assert.Equal(Math.Round(Ratings.Normalize(4.0) * 0.75, 4), reputation.Score);
        Assert.Contains("Let 5 of 10 proposals expire and missed 1 first contact.", reputation.Explanation);
        // The bound the pruned index uses still holds.
        Assert.True(MatchScoring.StaticBound(lapsing, "accounting") + MatchScoring.DynamicPart(Query(), [], lapsing) + MatchScoring.BoundMargin >= lapsingTotal);
    }

    // ------------------------------------------------------------------ weights and total

    [Fact]
    public void Weights_add_up_to_one_and_cover_every_part()
    {
        Assert.Equal(1.0, MatchScoring.Weights.Values.Sum(), 9);
        Assert.Equal(
            new[] { MatchScoring.SkillFit, MatchScoring.Capacity, MatchScoring.LikeMindedness, MatchScoring.Chemistry,
                MatchScoring.Reputation, MatchScoring.Reciprocity, MatchScoring.Location }.Order(),
            MatchScoring.Weights.Keys.Order());
    }

    [Fact]
    public void Total_is_the_weighted_sum_of_the_parts()
    {
        var query = Query(wantedTraits: ["calm", "fast"], city: "Turku", remoteOk: true);
        var candidate = View("beta", Profile(traits: ["fast"], capacity: CapacityStatus.Busy, city: "Tampere"), Wins("accounting", 2, 4.2, 3));
        var pair = new PairFacts(true, 3.5, 2, 2, 1);

        var (total, parts) = MatchScoring.Score(query, ["fast", "honest"], candidate, pair, Today);

        Assert.Equal(7, parts.Count);
        Assert.Equal(MatchScoring.Weights.Keys.Order(), parts.Select(p => p.Name).Order());
        Assert.All(parts, p => Assert.Equal(MatchScoring.Weights[p.Name], p.Weight));
        Assert.All(parts, p => Assert.InRange(p.Score, 0, 1));
        Assert.All(parts, p => Assert.False(string.IsNullOrWhiteSpace(p.Explanation)));
        Assert.Equal(Math.Round(parts.Sum(p => p.Score * p.Weight), 4), total);
        // The parts are the component functions' own answers.
        Assert.Equal(MatchScoring.SkillPart(query, candidate), parts.Single(p => p.Name == MatchScoring.SkillFit));
        Assert.Equal(MatchScoring.LocationPart(query, candidate), parts.Single(p => p.Name == MatchScoring.Location));
        Assert.Equal(0.6, parts.Single(p => p.Name == MatchScoring.Capacity).Score);
    }

    [Fact]
    public void A_better_candidate_scores_higher_in_total()
    {
        var query = Query(city: "Turku");
        var strong = View("strong", Profile(capabilities: [new Capability("accounting", 5)]), Wins("accounting", 4, 4.5, 5));
        var weak = View("weak", Profile(capabilities: [new Capability("accounting", 2)], capacity: CapacityStatus.Full, city: "Oulu"));

        Assert.True(MatchScoring.Score(query, [], strong, NoHistory, Today).Total > MatchScoring.Score(query, [], weak, NoHistory, Today).Total);
    }

    // ------------------------------------------------------------------ skill fit

    [Fact]
    public void Skill_evidence_counts_more_than_declared_level()
    {
        var query = Query();
        var proven = MatchScoring.SkillPart(query, View("proven", Profile(capabilities: [new Capability("accounting", 3)]), Wins("accounting", 3)));
        var claimed = MatchScoring.SkillPart(query, View("claimed", Profile(capabilities: [new Capability("accounting", 5)])));

        Assert.True(proven.Score > claimed.Score, $"{proven.Score} should beat {claimed.Score}");
        // 40 % declared level: 5/5 without evidence is 0.4.
        Assert.Equal(0.4, claimed.Score);
        // 0.4 × 3/5 + 0.6 × (1 − e^−1).
        Assert.Equal(Math.Round(0.24 + 0.6 * (1 - Math.Exp(-1)), 4), proven.Score);
        Assert.Contains("3 confirmed wins", proven.Explanation);
        Assert.Contains("0 confirmed wins", claimed.Explanation);
    }

    [Fact]
    public void Skill_fit_grows_with_evidence_and_averages_over_the_asked_skills()
    {
        var query = Query([new SkillRequirement("accounting", 1), new SkillRequirement("payroll", 1)]);
        var profile = Profile(capabilities: [new Capability("accounting", 5), new Capability("payroll", 0)]);
        var none = MatchScoring.SkillPart(query, View("x", profile)).Score;
        var one = MatchScoring.SkillPart(query, View("x", profile, Wins("accounting", 1))).Score;
        var many = MatchScoring.SkillPart(query, View("x", profile, Wins("accounting", 30))).Score;

        Assert.True(none < one && one < many);
        // Average of accounting (0.4) and payroll (0): 0.2.
        Assert.Equal(0.2, none);
        Assert.True(many <= 0.5);
    }

    [Fact]
    public void Skill_fit_is_neutral_when_no_skill_is_asked_for()
    {
        Assert.Equal(0.5, MatchScoring.SkillPart(Query(skills: []), View("x")).Score);
    }

    [Fact]
    public void Meets_skills_needs_every_skill_at_the_minimum_level()
    {
        var profile = Profile(capabilities: [new Capability("accounting", 3), new Capability("payroll", 1)]);

        Assert.True(MatchScoring.MeetsSkills(Query([new SkillRequirement("accounting", 3)]), profile));
        Assert.False(MatchScoring.MeetsSkills(Query([new SkillRequirement("accounting", 4)]), profile));
        Assert.True(MatchScoring.MeetsSkills(Query([new SkillRequirement("accounting", 2), new SkillRequirement("payroll", 1)]), profile));
        Assert.False(MatchScoring.MeetsSkills(Query([new SkillRequirement("accounting", 2), new SkillRequirement("seo", 1)]), profile));
        // A minimum of 0 still needs the skill itself.
        Assert.True(MatchScoring.MeetsSkills(Query([new SkillRequirement("payroll", 0)]), profile));
        Assert.False(MatchScoring.MeetsSkills(Query([new SkillRequirement("seo", 0)]), profile));
    }

    // ------------------------------------------------------------------ capacity

    [Theory]
    [InlineData(CapacityStatus.Available, null, null, 1.0)]
    [InlineData(CapacityStatus.Busy, null, null, 0.6)]
    [InlineData(CapacityStatus.Full, "2026-06-10", "2026-06-30", 0.4)]   // free before the deadline
    [InlineData(CapacityStatus.Full, "2026-06-30", "2026-06-30", 0.4)]   // free on the deadline
    [InlineData(CapacityStatus.Full, "2026-07-15", "2026-06-30", 0.0)]   // free only after the deadline
    [InlineData(CapacityStatus.Full, "2026-07-15", null, 0.4)]           // no deadline: free some day
    [InlineData(CapacityStatus.Full, null, "2026-06-30", 0.0)]           // full, no free date
    [InlineData(CapacityStatus.Full, null, null, 0.0)]
    [InlineData(CapacityStatus.Unspecified, null, null, 0.5)]
    public void Capacity_prefers_available_and_accepts_full_only_if_free_by_the_deadline(
        CapacityStatus capacity, string? nextFree, string? deadline, double expected)
    {
        var candidate = View("x", Profile(capacity: capacity, nextFree: nextFree is null ? null : DateOnly.Parse(nextFree)));
        var part = MatchScoring.CapacityPart(Query(deadline: deadline is null ? null : DateOnly.Parse(deadline)), candidate, Today);

        Assert.Equal((MatchScoring.Capacity, expected), (part.Name, part.Score));
    }

    [Fact]
    public void Capacity_order_is_available_busy_full_before_deadline_full_after()
    {
        var query = Query(deadline: new DateOnly(2026, 6, 30));
        double Score(CapacityStatus c, DateOnly? free = null) => MatchScoring.CapacityPart(query, View("x", Profile(capacity: c, nextFree: free)), Today).Score;

        Assert.True(Score(CapacityStatus.Available) > Score(CapacityStatus.Busy));
        Assert.True(Score(CapacityStatus.Busy) > Score(CapacityStatus.Full, new DateOnly(2026, 6, 15)));
        Assert.True(Score(CapacityStatus.Full, new DateOnly(2026, 6, 15)) > Score(CapacityStatus.Full, new DateOnly(2026, 8, 1)));
    }

    // ------------------------------------------------------------------ like-mindedness

    [Fact]
    public void Like_mindedness_is_half_wanted_trait_coverage_and_half_shared_traits()
    {
        // Wanted: 1 of 2 (0.5). Shared with the caller: {fast} of {fast, calm, bold} (1/3).
        var candidate = View("x", Profile(traits: ["fast", "bold"]));
        var part = MatchScoring.LikeMindedPart(Query(wantedTraits: ["bold", "green"]), ["fast", "calm"], candidate);

        Assert.Equal(Math.Round(0.5 * 0.5 + 0.5 * (1 / 3.0), 4), part.Score);
        Assert.Contains("1 of 2 wanted traits (bold)", part.Explanation);
        Assert.Contains("shares fast with you", part.Explanation);
    }

    [Fact]
    public void Like_mindedness_rises_with_wanted_coverage_and_with_shared_traits()
    {
        var query = Query(wantedTraits: ["bold", "green"]);
        double Score(params string[] traits) => MatchScoring.LikeMindedPart(query, ["fast"], View("x", Profile(traits: traits))).Score;

        Assert.True(Score("bold", "green") > Score("bold"));
        Assert.True(Score("bold") > Score("slow"));
        Assert.True(Score("bold", "fast") > Score("bold", "slow"));
        Assert.Equal(1.0, MatchScoring.LikeMindedPart(Query(wantedTraits: ["fast"]), ["fast"], View("x", Profile(traits: ["fast"]))).Score);
        Assert.Equal(0.0, Score());
    }

    [Fact]
    public void Like_mindedness_without_wanted_traits_counts_coverage_as_neutral()
    {
        var part = MatchScoring.LikeMindedPart(Query(), [], View("x", Profile(traits: ["fast"])));
        Assert.Equal(0.25, part.Score);
        Assert.Contains("No traits asked for", part.Explanation);
        Assert.Contains("shares none", part.Explanation);
        // Duplicated wanted traits count once.
        Assert.Equal(0.5 * 1 + 0.5 * 0.0, MatchScoring.LikeMindedPart(Query(wantedTraits: ["fast", "fast"]), [], View("x", Profile(traits: ["fast"]))).Score);
    }

    // ------------------------------------------------------------------ chemistry and reputation

    [Fact]
    public void Chemistry_is_neutral_without_history_and_normalized_with_it()
    {
        Assert.Equal(0.5, MatchScoring.ChemistryPart(NoHistory).Score);
        Assert.Contains("not worked together", MatchScoring.ChemistryPart(NoHistory).Explanation);
        Assert.Equal(1.0, MatchScoring.ChemistryPart(new PairFacts(false, 5, 1, 0, 0)).Score);
        Assert.Equal(0.0, MatchScoring.ChemistryPart(new PairFacts(false, 1, 2, 0, 0)).Score);
        var good = MatchScoring.ChemistryPart(new PairFacts(true, 4, 2, 0, 0));
        Assert.Equal(0.75, good.Score);
        Assert.Contains("4.0/5 over 2 ratings", good.Explanation);
    }

    [Fact]
    public void Reputation_is_neutral_without_ratings_and_normalized_with_them()
    {
        Assert.Equal(0.5, MatchScoring.ReputationPart(View("x")).Score);
        Assert.Contains("No ratings", MatchScoring.ReputationPart(View("x")).Explanation);
        var rated = MatchScoring.ReputationPart(View("x", standing: Wins("accounting", 0, 2.0, 1)));
        Assert.Equal(0.25, rated.Score);
        Assert.Contains("2.0/5 by the network (1 rating)", rated.Explanation);
        Assert.True(MatchScoring.ReputationPart(View("x", standing: Wins("a", 0, 4.6, 9))).Score > 0.5);
    }

    // ------------------------------------------------------------------ reciprocity

    [Fact]
    public void Reciprocity_ranks_a_firm_that_gave_the_caller_more_higher()
    {
        double Score(int given, int received) => MatchScoring.ReciprocityPart(new PairFacts(true, null, 0, given, received)).Score;

        Assert.Equal(0.5, Score(0, 0));
        Assert.Equal(0.5, Score(3, 3));
        Assert.True(Score(3, 0) > Score(1, 0));
        Assert.True(Score(1, 0) > Score(2, 2));
        Assert.True(Score(2, 2) > Score(0, 1));
        Assert.True(Score(0, 1) > Score(0, 4));
        Assert.Equal(Math.Round(0.5 + 0.5 * Math.Tanh(1), 4), Score(4, 1));
        Assert.Equal(1.0 - Score(4, 1), Score(1, 4), 4);
    }

    [Fact]
    public void Reciprocity_explains_who_owes_whom()
    {
        Assert.Contains("you owe them 2", MatchScoring.ReciprocityPart(new PairFacts(true, null, 0, 3, 1)).Explanation);
        Assert.Contains("they owe you 1", MatchScoring.ReciprocityPart(new PairFacts(true, null, 0, 1, 2)).Explanation);
        Assert.Contains("Even: 2 each way", MatchScoring.ReciprocityPart(new PairFacts(true, null, 0, 2, 2)).Explanation);
        Assert.Contains("No referrals", MatchScoring.ReciprocityPart(NoHistory).Explanation);
    }

    // ------------------------------------------------------------------ location

    [Fact]
    public void Location_prefers_the_same_city_then_remote_and_refuses_elsewhere_when_not_remote()
    {
        var inTurku = View("x", Profile(city: "Turku"));
        var inOulu = View("y", Profile(city: "Oulu"));

        Assert.Equal(1.0, MatchScoring.LocationPart(Query(city: "Turku"), inTurku).Score);
        Assert.Equal(1.0, MatchScoring.LocationPart(Query(city: " turku "), inTurku).Score);
        Assert.Equal(0.6, MatchScoring.LocationPart(Query(city: "Turku", remoteOk: true), inOulu).Score);
        var refused = MatchScoring.LocationPart(Query(city: "Turku", remoteOk: false), inOulu);
        Assert.Equal(0.0, refused.Score);
        Assert.Contains("not Turku", refused.Explanation);
        Assert.Equal(1.0, MatchScoring.LocationPart(Query(city: ""), inOulu).Score);
        Assert.Contains("unknown city", MatchScoring.LocationPart(Query(city: "Turku", remoteOk: true), View("z", Profile(city: ""))).Explanation);
    }

    // ------------------------------------------------------------------ ranking

    private static MatchCandidate Candidate(string firmId, double score) => new(firmId, firmId, "Turku", score, [], false, "", null, 0);

    [Fact]
    public void Rank_is_best_first_with_ties_broken_by_firm_id()
    {
        var candidates = new[]
        {
            Candidate("delta", 0.7), Candidate("alfa", 0.5), Candidate("charlie", 0.7), Candidate("bravo", 0.9), Candidate("Echo", 0.7),
        };

        var ranked = MatchScoring.Rank(candidates).Select(c => c.FirmId).ToList();
        Assert.Equal(["bravo", "Echo", "charlie", "delta", "alfa"], ranked); // ordinal: upper case before lower
        Assert.Equal(ranked, MatchScoring.Rank(candidates.Reverse()).Select(c => c.FirmId));
        Assert.Equal(ranked, MatchScoring.Rank(candidates.OrderBy(c => c.DisplayName.Length)).Select(c => c.FirmId));
    }
}
