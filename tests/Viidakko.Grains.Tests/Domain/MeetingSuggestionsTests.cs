using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

public sealed class MeetingSuggestionsTests
{
    private static readonly MatchCaller Caller = new(
        "alfa", ["fast", "honest"], ["seo", "accounting"], new Dictionary<string, PairFacts>(), [], new DateOnly(2026, 6, 1));

    private static FirmView Other(
        string firmId, IReadOnlyList<Capability> capabilities, IReadOnlyList<string>? traits = null,
        IReadOnlyList<Person>? people = null, double? reputation = null) =>
        MatchScoringTests.View(firmId,
            MatchScoringTests.Profile(capabilities, traits ?? [], people: people ?? []),
            new FirmStanding(reputation, reputation is null ? 0 : 3, null, 0, null, new Dictionary<string, int>()));

    [Fact]
    public void Only_solid_skills_the_caller_lacks_make_a_firm_worth_meeting()
    {
        var complementary = MeetingSuggestions.Suggest(Caller, "", Other("beta",
            [new Capability("accounting", 5), new Capability("video", 3), new Capability("design", 4), new Capability("copywriting", 2)]));

        Assert.NotNull(complementary);
        // Highest level first; accounting is the caller's own, copywriting below level 3.
        Assert.Equal(["design", "video"], complementary.ComplementarySkills);
        Assert.Contains("They offer design, video, which you do not", complementary.Explanation);

        Assert.Null(MeetingSuggestions.Suggest(Caller, "", Other("gamma", [new Capability("accounting", 5), new Capability("seo", 5)])));
        Assert.Null(MeetingSuggestions.Suggest(Caller, "", Other("delta", [new Capability("video", 2), new Capability("design", 1)])));
        Assert.NotNull(MeetingSuggestions.Suggest(Caller, "", Other("epsilon", [new Capability("video", MeetingSuggestions.SolidLevel)])));
    }

    [Fact]
    public void Suggestion_names_shared_traits_and_the_people_who_should_meet()
    {
        var other = Other("beta", [new Capability("design", 4)], ["honest", "green", "fast"],
            [new Person("Liisa Laine", "Designer", "liisa@beta.fi", ""), new Person("Pekka", "CEO", "", "")]);

        var s = MeetingSuggestions.Suggest(Caller, "Anna Aho (CEO)", other)!;

        Assert.Equal(("beta", "Firm Oy"), (s.FirmId, s.DisplayName));
        Assert.Equal(["fast", "honest"], s.SharedTraits);
        Assert.Equal(("Anna Aho (CEO)", "Liisa Laine (Designer)"), (s.YourPerson, s.TheirPerson));
        Assert.Contains("share your fast, honest spirit", s.Explanation);
        Assert.EndsWith("Start with Anna Aho (CEO) meeting Liisa Laine (Designer) one to one.", s.Explanation);
        // 0.45 × 1/3 complementary + 0.35 × 2/3 shared (of 3 traits in all) + 0.2 × neutral reputation.
        Assert.Equal(Math.Round(0.45 / 3 + 0.35 * 2 / 3 + 0.1, 4), s.Score);
    }

    [Fact]
    public void A_person_without_a_role_is_named_alone_and_no_people_means_no_meeting_sentence()
    {
        var noRole = MeetingSuggestions.Suggest(Caller, "Anna", Other("beta", [new Capability("design", 4)], people: [new Person("Liisa", "", "", "")]))!;
        Assert.Equal("Liisa", noRole.TheirPerson);
        Assert.Contains("Start with Anna meeting Liisa one to one.", noRole.Explanation);

        var nobody = MeetingSuggestions.Suggest(Caller, "Anna", Other("gamma", [new Capability("design", 4)]))!;
        Assert.Equal("", nobody.TheirPerson);
        Assert.DoesNotContain("Start with", nobody.Explanation);
        Assert.Empty(nobody.SharedTraits);
    }

    [Fact]
    public void More_to_offer_more_in_common_and_a_better_name_score_higher()
    {
        double Score(FirmView f) => MeetingSuggestions.Suggest(Caller, "", f)!.Score;
        var one = Other("x", [new Capability("design", 4)]);

        Assert.True(Score(Other("x", [new Capability("design", 4), new Capability("video", 4)])) > Score(one));
        Assert.True(Score(Other("x", [new Capability("design", 4)], ["fast"])) > Score(one));
        Assert.True(Score(Other("x", [new Capability("design", 4)], reputation: 4.5)) > Score(one));
        Assert.True(Score(Other("x", [new Capability("design", 4)], reputation: 1.5)) < Score(one));
        // Complementary skills count up to three.
        Assert.Equal(
            Score(Other("x", [new Capability("a", 3), new Capability("b", 3), new Capability("c", 3)])),
            Score(Other("x", [new Capability("a", 3), new Capability("b", 3), new Capability("c", 3), new Capability("d", 3)])));
    }

    [Fact]
    public void Rank_is_best_first_and_stable_by_firm_id()
    {
        var firms = new[] { "delta", "bravo", "charlie", "alfa" };
        var suggestions = firms.Select(id => MeetingSuggestions.Suggest(Caller, "", Other(id, [new Capability("design", 4)]))!).ToList();
        suggestions.Add(MeetingSuggestions.Suggest(Caller, "", Other("zulu", [new Capability("design", 4), new Capability("video", 4)], ["fast"]))!);

        var ranked = MeetingSuggestions.Rank(suggestions).Select(s => s.FirmId).ToList();

        Assert.Equal(["zulu", "alfa", "bravo", "charlie", "delta"], ranked);
        suggestions.Reverse();
        Assert.Equal(ranked, MeetingSuggestions.Rank(suggestions).Select(s => s.FirmId));
    }
}
