using Viidakko.Grains.Domain;
using static Viidakko.Grains.Tests.Cluster.MatchingSteps;

namespace Viidakko.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class MatchingGrainTests(ClusterFixture fixture)
{
    private const string Caller = "kaupunki";

    /// <summary>
    /// Accounting firms that qualify for <see cref="Need"/> whatever the client; haltija, which has
    /// the caller's client on its own books, among them: a match never tells who works with whom.
    /// </summary>
    private static readonly string[] AlwaysQualified =
        ["haltija", "kumppani", "tili-a", "tili-b", "tili-c", "tili-d", "tili-e", "twin-1", "twin-2"];

    private static MatchQuery Need(string? clientId = null) =>
        new([new SkillRequirement("accounting", 3)], ["honest"], 0, 0, new DateOnly(2098, 12, 31), "Turku", RemoteOk: true, clientId);

    /// <summary>
    /// The caller and a dozen firms around it: candidates of every kind, firms without the skill or
    /// below the level, a suspended one, one that declined the caller's client, one that has the client.
    /// </summary>
    private async Task<TestNetwork> NetworkAsync()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains);
        var accounting = (int level) => new Capability("accounting", level);
        await n.RegisterFirmAsync(Caller, Profile(Caller, [new Capability("seo", 4), accounting(4)], ["fast", "honest"],
            person: new Person("Kalle Kaupunki", "CEO", "kalle@kaupunki.fi", "")));
        await n.RegisterFirmAsync("tili-a", Profile("tili-a", [accounting(5)], ["honest", "fast"]));
        await n.RegisterFirmAsync("tili-b", Profile("tili-b", [accounting(4), new Capability("payroll", 3)], city: "Tampere", capacity: CapacityStatus.Busy));
        await n.RegisterFirmAsync("tili-c", Profile("tili-c", [accounting(3)], city: "Oulu", capacity: CapacityStatus.Full, nextFreeDate: new DateOnly(2099, 1, 1)));
        await n.RegisterFirmAsync("tili-d", Profile("tili-d", [accounting(3)], ["fast"]));
        await n.RegisterFirmAsync("tili-e", Profile("tili-e", [accounting(4)], city: "Helsinki"));
        await n.RegisterFirmAsync("twin-1", Profile("twin-1", [accounting(4)], ["calm"]));
        await n.RegisterFirmAsync("twin-2", Profile("twin-2", [accounting(4)], ["calm"]));
        await n.RegisterFirmAsync("kumppani", Profile("kumppani", [accounting(4), new Capability("video", 4)], ["fast"]));
        await n.RegisterFirmAsync("matala", Profile("matala", [accounting(2), new Capability("payroll", 2)]));
        await n.RegisterFirmAsync("mainos", Profile("mainos", [new Capability("design", 5), new Capability("video", 4)], ["honest"],
            person: new Person("Mari Mainos", "Creative director", "mari@mainos.fi", "")));
        await n.RegisterFirmAsync("jaadytetty", Profile("jaadytetty", [accounting(5), new Capability("design", 5)]));
        await n.RegisterFirmAsync("kieltaja", Profile("kieltaja", [accounting(4)]));
        await n.RegisterFirmAsync("haltija", Profile("haltija", [accounting(4)]));

        await n.Firm("jaadytetty").SetSuspendedAsync(true);
        await n.PartnerAsync(Caller, "kumppani");
        await n.PartnerAsync(Caller, "kieltaja");

        // Kieltaja declined the caller's client; haltija has the same client (same business id) on its own books.
        await n.AddClientAsync(Caller, "kahvila", "1234567-8");
        var declined = await n.Firm(Caller).CreateReferralAsync(TestNetwork.Request("kieltaja", "kahvila"));
        await n.Firm("kieltaja").ActOnReferralAsync(declined.ReferralId, TestNetwork.Action(ReferralActionType.Decline));
        await n.AddClientAsync("haltija", "oma-kahvila", "1234567-8");
        return n;
    }

    [Fact]
    public async Task Match_ranks_qualified_firms_and_explains_every_exclusion()
    {
        var n = await NetworkAsync();

        var result = await n.Matchmaker.MatchPartnersAsync(Caller, Need("kahvila"), 0, 50);

        Assert.Equal(AlwaysQualified.Order(), result.Candidates.Select(c => c.FirmId).Order());
        Assert.Equal((9, (int?)null), (result.TotalSize, result.NextOffset));
        // Firms without the skill or below the level are neither candidates nor exclusions; on a page
        // that holds every candidate, every excluded firm would have been on it.
        Assert.Equal(
            [(Caller, ExclusionReason.Self), ("kieltaja", ExclusionReason.DeclinedClientBefore), ("jaadytetty", ExclusionReason.Suspended)],
            result.Exclusions.Select(e => (e.FirmId, e.Reason)));

        // Best first, ties by firm id; every total is the weighted sum of its explained parts.
        Assert.Equal("tili-a", result.Candidates[0].FirmId);
        Assert.Equal(result.Candidates.Select(c => c.Score).OrderDescending(), result.Candidates.Select(c => c.Score));
        Assert.Equal(MatchScoring.Rank(result.Candidates).Select(c => c.FirmId), result.Candidates.Select(c => c.FirmId));
        var twins = result.Candidates.Where(c => c.FirmId.StartsWith("twin")).ToList();
        Assert.Equal((twins[0].Score, "twin-1", "twin-2"), (twins[1].Score, twins[0].FirmId, twins[1].FirmId));
        foreach (var c in result.Candidates)
        {
            Assert.Equal(MatchScoring.Weights.Keys.Order(), c.Breakdown.Select(p => p.Name).Order());
            Assert.Equal(Math.Round(c.Breakdown.Sum(p => p.Score * p.Weight), 4), c.Score, 4);
        }

        var a = result.Candidates[0];
        Assert.Equal(("tili-a Oy", "Turku"), (a.DisplayName, a.City));
        Assert.Equal(1.0, a.Breakdown.Single(p => p.Name == MatchScoring.LikeMindedness).Score);
        Assert.Equal(0.0, result.Candidates.Single(c => c.FirmId == "tili-c").Breakdown.Single(p => p.Name == MatchScoring.Capacity).Score);
        Assert.Equal(0.6, result.Candidates.Single(c => c.FirmId == "tili-e").Breakdown.Single(p => p.Name == MatchScoring.Location).Score);

        // Partners can take the work now; the others need a handshake first.
        var partner = result.Candidates.Single(c => c.FirmId == "kumppani");
        Assert.True(partner.Partner);
        Assert.Contains("Already a partner", partner.Suggestion);
        Assert.All(result.Candidates.Where(c => c.FirmId != "kumppani"), c =>
        {
            Assert.False(c.Partner);
            Assert.Contains("propose a handshake", c.Suggestion);
        });

        // The same question gets the same answer.
        var again = await n.Matchmaker.MatchPartnersAsync(Caller, Need("kahvila"), 0, 50);
        Assert.Equal(result.Candidates.Select(c => (c.FirmId, c.Score)), again.Candidates.Select(c => (c.FirmId, c.Score)));
        Assert.Equal(result.Exclusions, again.Exclusions);
    }

    [Fact]
    public async Task Without_a_client_only_firm_level_exclusions_apply()
    {
        var n = await NetworkAsync();

        var result = await n.Matchmaker.MatchPartnersAsync(Caller, Need(), 0, 50);

        Assert.Equal(AlwaysQualified.Append("kieltaja").Order(), result.Candidates.Select(c => c.FirmId).Order());
        Assert.Equal([(Caller, ExclusionReason.Self), ("jaadytetty", ExclusionReason.Suspended)], result.Exclusions.Select(e => (e.FirmId, e.Reason)));

        // Reciprocity: the caller sent kieltaja a referral and got none back.
        var kieltaja = result.Candidates.Single(c => c.FirmId == "kieltaja");
        Assert.True(kieltaja.Partner);
        var reciprocity = kieltaja.Breakdown.Single(p => p.Name == MatchScoring.Reciprocity);
        Assert.True(reciprocity.Score < 0.5);
        Assert.Contains("they owe you 1", reciprocity.Explanation);

        // A firm with only one of two wanted skills does not qualify.
        var both = await n.Matchmaker.MatchPartnersAsync(Caller,
            Need() with { Skills = [new SkillRequirement("accounting", 1), new SkillRequirement("payroll", 3)] }, 0, 50);
        Assert.Equal(["tili-b"], both.Candidates.Select(c => c.FirmId));

        await AssertDomain.ThrowsAsync(DomainErrorKind.NotFound, "NOT_FOUND",
            () => n.Matchmaker.MatchPartnersAsync(Caller, Need("nobody"), 0, 10));
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, "INVALID_ARGUMENT",
            () => n.Matchmaker.MatchPartnersAsync(Caller, Need() with { Skills = [] }, 0, 10));
        await AssertDomain.ThrowsAsync(DomainErrorKind.PermissionDenied, Reasons.FirmSuspended,
            () => n.Matchmaker.MatchPartnersAsync("jaadytetty", Need(), 0, 10));
    }

    [Fact]
    public async Task Match_pages_are_disjoint_and_in_rank_order()
    {
        var n = await NetworkAsync();
        var all = await n.Matchmaker.MatchPartnersAsync(Caller, Need("kahvila"), 0, 50);

        var pages = new List<MatchResult>();
        int? offset = 0;
        while (offset is { } o)
        {
            var page = await n.Matchmaker.MatchPartnersAsync(Caller, Need("kahvila"), o, 3);
            Assert.Equal(9, page.TotalSize);
            pages.Add(page);
            offset = page.NextOffset;
        }

        Assert.Equal([3, 3, 3], pages.Select(p => p.Candidates.Count));
        Assert.Equal([(int?)3, 6, null], pages.Select(p => p.NextOffset));
        var paged = pages.SelectMany(p => p.Candidates.Select(c => c.FirmId)).ToList();
        Assert.Equal(paged.Count, paged.Distinct().Count());
        Assert.Equal(all.Candidates.Select(c => c.FirmId), paged);
        // Exclusions come with the first page only, for the excluded firms that would have been on it.
        Assert.Subset(all.Exclusions.ToHashSet(), pages[0].Exclusions.ToHashSet());
        Assert.All(pages.Skip(1), p => Assert.Empty(p.Exclusions));
    }

    [Fact]
    public async Task Suggested_meetings_are_non_partners_with_skills_the_caller_lacks()
    {
        var n = await NetworkAsync();

        var suggestions = await n.Matchmaker.SuggestMeetingsAsync(Caller, 10);

        // Mainos offers design and video and shares "honest"; tili-b offers payroll. Kumppani's video
        // does not count (a partner already), jaadytetty is suspended, matala's payroll is below level 3.
        Assert.Equal(["mainos", "tili-b"], suggestions.Select(s => s.FirmId));
        var mainos = suggestions[0];
        Assert.Equal(["design", "video"], mainos.ComplementarySkills);
        Assert.Equal(["honest"], mainos.SharedTraits);
        Assert.Equal(("Kalle Kaupunki (CEO)", "Mari Mainos (Creative director)"), (mainos.YourPerson, mainos.TheirPerson));
        Assert.Equal(["payroll"], suggestions[1].ComplementarySkills);
        Assert.DoesNotContain(suggestions, s => s.FirmId is Caller or "kumppani" or "kieltaja" or "jaadytetty");

        Assert.Equal(["mainos"], (await n.Matchmaker.SuggestMeetingsAsync(Caller, 1)).Select(s => s.FirmId));

        // From mainos' side, the accounting firms are worth meeting, the caller included.
        var forMainos = await n.Matchmaker.SuggestMeetingsAsync("mainos", 50);
        Assert.Contains(forMainos, s => s.FirmId == Caller);
        Assert.DoesNotContain(forMainos, s => s.FirmId is "mainos" or "jaadytetty");
    }

    [Fact]
    public async Task The_firm_gives_its_own_side_of_a_match()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta", "gamma");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        await n.DeclinedReferralAsync("alfa", "beta", "leipomo");
        var declined = await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"));
        await n.Firm("beta").ActOnReferralAsync(declined.ReferralId, TestNetwork.Action(ReferralActionType.Decline));

        var forClient = await n.Firm("alfa").GetMatchCallerAsync("kahvila");
        Assert.Equal(("alfa", "Maija Meikäläinen (CEO)"), (forClient.FirmId, forClient.Person));
        Assert.Equal(["accounting", "payroll"], forClient.Skills);
        Assert.Equal(["fast"], forClient.Traits);
        Assert.Equal(["beta"], forClient.DeclinedBefore);
        Assert.True(forClient.Pairs.ContainsKey("beta"));

        // Without a client: the firm's own facts only.
        var plain = await n.Firm("alfa").GetMatchCallerAsync(null);
        Assert.Empty(plain.DeclinedBefore);
        // Each client has its own history: beta declined leipomo as well, but never saw uusi.
        Assert.Equal(["beta"], (await n.Firm("alfa").GetMatchCallerAsync("leipomo")).DeclinedBefore);
        await n.AddClientAsync("alfa", "uusi", "5555555-5");
        Assert.Empty((await n.Firm("alfa").GetMatchCallerAsync("uusi")).DeclinedBefore);

        await AssertDomain.ThrowsAsync(DomainErrorKind.NotFound, "NOT_FOUND", () => n.Firm("alfa").GetMatchCallerAsync("nobody"));
        await n.Firm("gamma").SetSuspendedAsync(true);
        await AssertDomain.ThrowsAsync(DomainErrorKind.PermissionDenied, Reasons.FirmSuspended, () => n.Firm("gamma").GetMatchCallerAsync(null));
    }
}
