using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// "Know who can and knows how to fulfil the client's request" and "find a like-minded partner":
/// MatchPartners ranks a network of 58 firms for a need and explains every score; SuggestMeetings
/// names the firms worth meeting. The network is built once (see <see cref="MatchNetworkFixture"/>);
/// tests that change state use a network of their own on the same hub.
/// </summary>
public sealed class MatchingTests(MatchNetworkFixture net) : IClassFixture<MatchNetworkFixture>
{
    private static readonly string[] AllParts = ["capacity", "chemistry", "like_mindedness", "location", "reciprocity", "reputation", "skill_fit"];

    private Task<MatchPartnersResponse> MatchAsync(int pageSize = 100, string pageToken = "") =>
        net.Caller.Matches.MatchPartnersAsync(net.MobileNeed(pageSize, pageToken)).ResponseAsync;

    private static Dictionary<string, ScoreComponent> Parts(MatchCandidate candidate) => candidate.Breakdown.ToDictionary(p => p.Name);

    [Fact]
    public async Task The_expected_firm_ranks_first_and_its_breakdown_says_why()
    {
        var response = await MatchAsync();

        // Exactly the firms that declare mobile at level 3 or more, all on one page, best first.
        var expected = net.MobileCandidates;
        Assert.True(expected.Count >= 15, $"the seeded network should have plenty of mobile firms, has {expected.Count}");
        Assert.Equal(expected.Count, response.TotalSize);
        Assert.Equal(expected.Order(), response.Candidates.Select(c => c.Firm).Order());
        Assert.Empty(response.NextPageToken);
        Assert.Empty(response.Exclusions); // the caller does not do mobile work, and nobody is suspended
        Assert.Equal(Enumerable.Range(1, response.Candidates.Count), response.Candidates.Select(c => c.Rank));
        for (var i = 1; i < response.Candidates.Count; i++)
        {
            var (before, after) = (response.Candidates[i - 1], response.Candidates[i]);
            Assert.True(before.Score > after.Score || (before.Score == after.Score && string.CompareOrdinal(before.Firm, after.Firm) < 0),
                $"rank {before.Rank} ({before.Firm}, {before.Score}) should come before rank {after.Rank} ({after.Firm}, {after.Score})");
        }

        // Every score is the weighted sum of a full, readable breakdown.
        foreach (var candidate in response.Candidates)
        {
            var parts = Parts(candidate);
            Assert.Equal(AllParts, parts.Keys.Order());
            Assert.Equal(1.0, parts.Values.Sum(p => p.Weight), 6);
            Assert.Equal(candidate.Score, parts.Values.Sum(p => p.Score * p.Weight), 3);
            Assert.All(parts.Values, p => Assert.InRange(p.Score, 0, 1));
            Assert.All(parts.Values, p => Assert.False(string.IsNullOrWhiteSpace(p.Explanation), $"{candidate.Firm}: {p.Name} has no explanation"));
            Assert.Equal(net.Profiles[candidate.Firm.Split('/')[^1]].DisplayName, candidate.DisplayName);
        }

        // The expected firm is first, and the breakdown says why.
        var best = response.Candidates[0];
        Assert.Equal(net.Best.Name, best.Firm);
        Assert.Equal(1, best.Rank);
        Assert.Equal("Turku", best.City);
        var why = Parts(best);
        Assert.Contains("mobile: level 4/5", why["skill_fit"].Explanation);
        Assert.Contains($"{MatchNetworkFixture.ConfirmedWins} confirmed wins", why["skill_fit"].Explanation);
        Assert.Equal(1.0, why["like_mindedness"].Score); // the wanted trait, and exactly the caller's own traits
        Assert.Contains("marketing-minded", why["like_mindedness"].Explanation);
        Assert.Equal(1.0, why["capacity"].Score);
        Assert.Contains("Available", why["capacity"].Explanation);
        Assert.Equal(1.0, why["location"].Score);
        Assert.Contains("Turku", why["location"].Explanation);
        // Its reputation is the network's ratings of it, shown with the count.
        Assert.Equal(MatchNetworkFixture.ConfirmedWins, best.RatingCount);
        Assert.InRange(best.Reputation, 4.0, 5.0);
        Assert.True(why["reputation"].Score > 0.5);
        Assert.Contains($"{MatchNetworkFixture.ConfirmedWins} ratings", why["reputation"].Explanation);
        Assert.True(best.Score > response.Candidates[1].Score, "the expected firm should lead clearly, not by a tie-break");
    }

    [Fact]
    public async Task Confirmed_wins_count_for_more_than_a_higher_declared_level()
    {
        var response = await MatchAsync();
        var best = response.Candidates.Single(c => c.Firm == net.Best.Name);
        var declared = response.Candidates.Single(c => c.Firm == net.DeclaredTop.Name);

        // What the network sees: Huippumobiili declares more, Mobiilimestarit has confirmed wins.
        var bestProfile = await net.Caller.Firms.GetFirmAsync(new GetFirmRequest { Name = net.Best.Name });
        var declaredProfile = await net.Caller.Firms.GetFirmAsync(new GetFirmRequest { Name = net.DeclaredTop.Name });
        var bestMobile = bestProfile.Capabilities.Single(c => c.Skill == "mobile");
        var declaredMobile = declaredProfile.Capabilities.Single(c => c.Skill == "mobile");
        Assert.Equal((4, MatchNetworkFixture.ConfirmedWins), (bestMobile.Level, bestMobile.ConfirmedWins));
        Assert.Equal((5, 0), (declaredMobile.Level, declaredMobile.ConfirmedWins));

        // Everything else about the need is alike, so evidence is what puts one above the other.
        var (b, d) = (Parts(best), Parts(declared));
        foreach (var same in new[] { "like_mindedness", "capacity", "location", "chemistry" })
        {
            Assert.Equal(b[same].Score, d[same].Score);
        }

        Assert.Contains("mobile: level 5/5, 0 confirmed wins", d["skill_fit"].Explanation);
        Assert.True(b["skill_fit"].Score > d["skill_fit"].Score,
            $"evidence ({b["skill_fit"].Score}: {b["skill_fit"].Explanation}) should beat a declared level ({d["skill_fit"].Score}: {d["skill_fit"].Explanation})");
        Assert.True(best.Score > declared.Score);
        Assert.True(best.Rank < declared.Rank);
    }

    [Fact]
    public async Task The_same_state_ranks_the_same_and_pages_walk_the_ranking_in_order()
    {
        var whole = await MatchAsync();
        var again = await MatchAsync();
        Assert.Equal(whole, again); // every candidate, score, breakdown and rank

        var walked = new List<MatchCandidate>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await MatchAsync(pageSize: 5, pageToken: token);
            pages++;
            Assert.InRange(page.Candidates.Count, 1, 5);
            Assert.Equal(whole.TotalSize, page.TotalSize);
            Assert.Equal(walked.Count + 1, page.Candidates[0].Rank); // ranks continue across pages
            walked.AddRange(page.Candidates);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal((whole.TotalSize + 4) / 5, pages);
        Assert.Equal(walked.Count, walked.Select(c => c.Firm).Distinct().Count()); // disjoint pages
        Assert.Equal(whole.Candidates, walked); // in rank order, with the same scores
    }

    [Fact]
    public async Task A_page_token_only_continues_the_need_it_was_made_for()
    {
        var first = await MatchAsync(pageSize: 5);
        Assert.NotEmpty(first.NextPageToken);

        var lowerLevel = net.MobileNeed(5, first.NextPageToken);
        lowerLevel.Skills[0].MinLevel = 2;
        await Rpc.Invalid(() => net.Caller.Matches.MatchPartnersAsync(lowerLevel), "page_token");

        var elsewhere = net.MobileNeed(5, first.NextPageToken);
        elsewhere.City = "Helsinki";
        await Rpc.Invalid(() => net.Caller.Matches.MatchPartnersAsync(elsewhere), "page_token");

        await Rpc.Invalid(() => net.Caller.Matches.MatchPartnersAsync(net.MobileNeed(5, "bm90LWEtdG9rZW4")), "page_token");

        // Another firm cannot continue the caller's walk either: the token is bound to the parent.
        var someoneElse = net.MobileNeed(5, first.NextPageToken);
        someoneElse.Parent = net.MarketingOnly.Name;
        await Rpc.Invalid(() => net.MarketingOnly.Matches.MatchPartnersAsync(someoneElse), "page_token");

        // The same need continues.
        var second = await MatchAsync(pageSize: 5, pageToken: first.NextPageToken);
        Assert.Equal(6, second.Candidates[0].Rank);
    }

    [Fact]
    public async Task A_malformed_need_is_refused_with_field_violations()
    {
        var noSkills = net.MobileNeed();
        noSkills.Skills.Clear();
        await Rpc.Invalid(() => net.Caller.Matches.MatchPartnersAsync(noSkills), "skills");

        var bad = net.MobileNeed();
        bad.Skills[0].MinLevel = 6;
        bad.Skills.Add(new SkillRequirement { Skill = "Mobile Apps" });
        bad.Deadline = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        bad.BudgetMinCents = 10;
        bad.BudgetMaxCents = 5;
        await Rpc.Invalid(() => net.Caller.Matches.MatchPartnersAsync(bad),
            "skills[0].min_level", "skills[1].skill", "deadline", "budget_max_cents");

        // Only for one's own firm.
        await Rpc.Fails(StatusCode.PermissionDenied, () => net.MarketingOnly.Matches.MatchPartnersAsync(net.MobileNeed()));
    }

    [Fact]
    public async Task Partners_are_flagged_and_other_candidates_come_with_a_handshake_suggestion()
    {
        var response = await MatchAsync();

        var partner = response.Candidates.Single(c => c.Firm == net.Best.Name);
        Assert.True(partner.Partner);
        Assert.Contains("partner", partner.Suggestion, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("handshake", partner.Suggestion);

        // A proposal that was never accepted is no partnership yet.
        var proposed = response.Candidates.Single(c => c.Firm == net.Proposed.Name);
        Assert.False(proposed.Partner);
        Assert.Contains("handshake", proposed.Suggestion);

        var others = response.Candidates.Where(c => c.Firm != net.Best.Name).ToList();
        Assert.NotEmpty(others);
        Assert.All(others, c =>
        {
            Assert.False(c.Partner, $"{c.Firm} is not a partner of the caller");
            Assert.Contains("handshake", c.Suggestion);
        });

        // The flag is the caller's own: Mobiili-kumppani is Mainostoimisto's partner, not Viidakkorumpu's.
        var theirs = await net.MarketingOnly.Matches.MatchPartnersAsync(new MatchPartnersRequest
        {
            Parent = net.MarketingOnly.Name,
            Skills = { new SkillRequirement { Skill = "video", MinLevel = 5 } },
        });
        Assert.True(theirs.Candidates.Single(c => c.Firm == net.MeetingPartner.Name).Partner);
        Assert.False(theirs.Candidates.Single(c => c.Firm == net.MeetingTwin.Name).Partner);
        Assert.False(response.Candidates.Single(c => c.Firm == net.MeetingPartner.Name).Partner);
    }

    [Fact]
    public async Task Firms_are_excluded_with_the_reason_and_never_appear_as_candidates()
    {
        var hub = net.Hub;
        var networkId = await hub.NewNetworkAsync("exclusions");
        var caller = await hub.RegisterAsync(networkId, "viidakkorumpu", TestData.Viidakkorumpu()); // does web itself
        var decliner = await hub.RegisterAsync(networkId, "kieltaytyja", TestData.Plain("Kieltäytyjä Oy", "web"));
        var owner = await hub.RegisterAsync(networkId, "omistaja", TestData.Plain("Omistaja Oy", "web"));
        var suspended = await hub.RegisterAsync(networkId, "jaadytetty", TestData.Plain("Jäädytetty Oy", "web"));
        var plain = await hub.RegisterAsync(networkId, "tavallinen", TestData.Plain("Tavallinen Oy", "web"));

        // The client the need is for: the decliner turned it down before...
        await caller.CreateClientAsync("hankala", "Hankala Oy", businessId: "1234567-8");
        await Scenario.PartnerAsync(caller, decliner, TestData.Terms(10));
        var declined = await Scenario.ReferAsync(caller, decliner, "hankala");
        await decliner.Referrals.DeclineReferralAsync(new DeclineReferralRequest { Name = declined.Name, Reason = DeclineReason.NotAFit });
        // ...another firm has the same business id (written differently) as its own client (a match
        // must not show it: it stays a candidate like any other)...
        await owner.CreateClientAsync("sama", "Hankala Oy (oma)", businessId: "12345678");
        // ...and the operator suspends a third.
        var set = await hub.Admin.SetFirmSuspendedAsync(new SetFirmSuspendedRequest { Name = suspended.Name, Suspended = true });
        Assert.True(set.Suspended);

        var need = new MatchPartnersRequest { Parent = caller.Name, Skills = { new SkillRequirement { Skill = "web" } }, City = "Turku" };
        var forClient = need.Clone();
        forClient.Client = caller.Client("hankala");

        // A new client reaches the index with the owner's next publish; a profile update publishes
        // at once (the debounced path on its own is Referral_and_feedback_changes_reach_the_index_on_their_own).
        await Outcomes.RepublishAsync(owner);
        var response = await caller.Matches.MatchPartnersAsync(forClient);

        Assert.Equal(new[] { owner.Name, plain.Name }.Order(), response.Candidates.Select(c => c.Firm).Order());
        Assert.Equal(2, response.TotalSize);
        Assert.Equal(
            new[]
            {
                (ExclusionReason.Self, caller.Name),
                (ExclusionReason.DeclinedClientBefore, decliner.Name),
                (ExclusionReason.Suspended, suspended.Name),
            },
            response.Exclusions.Select(e => (e.Reason, e.Firm)).ToArray());
        Assert.All(response.Exclusions, e => Assert.False(string.IsNullOrWhiteSpace(e.Explanation)));
        Assert.DoesNotContain(response.Exclusions, e => e.Explanation.Contains("omistaja", StringComparison.OrdinalIgnoreCase));

        // Without the client, only self and the suspended firm are left out.
        var anyClient = await caller.Matches.MatchPartnersAsync(need);
        Assert.Equal(new[] { decliner.Name, owner.Name, plain.Name }.Order(), anyClient.Candidates.Select(c => c.Firm).Order());
        Assert.Equal(
            new[] { (ExclusionReason.Self, caller.Name), (ExclusionReason.Suspended, suspended.Name) },
            anyClient.Exclusions.Select(e => (e.Reason, e.Firm)).ToArray());

        // Lifting the suspension brings the firm back at once.
        await hub.Admin.SetFirmSuspendedAsync(new SetFirmSuspendedRequest { Name = suspended.Name, Suspended = false });
        var lifted = await caller.Matches.MatchPartnersAsync(need);
        Assert.Contains(suspended.Name, lifted.Candidates.Select(c => c.Firm));
        Assert.Equal(new[] { ExclusionReason.Self }, lifted.Exclusions.Select(e => e.Reason).ToArray());

        // Exclusions come with the first page only, for the excluded firms that would have been on it.
        var paged = need.Clone();
        paged.PageSize = 2;
        var firstPage = await caller.Matches.MatchPartnersAsync(paged);
        Assert.Subset(lifted.Exclusions.ToHashSet(), firstPage.Exclusions.ToHashSet());
        paged.PageToken = firstPage.NextPageToken;
        var secondPage = await caller.Matches.MatchPartnersAsync(paged);
        Assert.Equal(lifted.Candidates.Skip(2), secondPage.Candidates);
        Assert.Empty(secondPage.Exclusions);

        // The client must be the caller's own.
        var othersClient = need.Clone();
        othersClient.Client = owner.Client("sama");
        await Rpc.Fails(StatusCode.PermissionDenied, () => caller.Matches.MatchPartnersAsync(othersClient));
        var missing = need.Clone();
        missing.Client = caller.Client("ei-ole");
        await Rpc.Fails(StatusCode.NotFound, () => caller.Matches.MatchPartnersAsync(missing));
    }

    [Fact]
    public async Task Referral_and_feedback_changes_reach_the_index_on_their_own()
    {
        var hub = net.Hub;
        var networkId = await hub.NewNetworkAsync("debounce");
        var caller = await hub.RegisterAsync(networkId, "viidakkorumpu", TestData.Viidakkorumpu());
        var receiver = await hub.RegisterAsync(networkId, "mobiilimestarit", TestData.Mobiili());
        var referrer = await hub.RegisterAsync(networkId, "videopaja", TestData.Plain("Videopaja Oy", "video"));
        var owner = await hub.RegisterAsync(networkId, "omistaja", TestData.Plain("Omistaja Oy", "mobile"));
        await Scenario.PartnerAsync(referrer, receiver, TestData.Terms(10));
        await referrer.CreateClientAsync("sovellus", "Sovellus Oy", businessId: "7654321-1");
        var referral = await Scenario.ReferAsync(referrer, receiver, "sovellus", skill: "mobile");
        await Outcomes.WinAsync(receiver, referral.Name, 1_000_000);
        await receiver.RateAsync(referral.Name, Outcomes.Rating(5, Outcomes.Quality(5, 5)));
        await referrer.RateAsync(referral.Name, Outcomes.Rating(5));
        await caller.CreateClientAsync("kunta", "Kunta Oy", businessId: "2345678-9");
        await owner.CreateClientAsync("oma-kunta", "Kunta Oy", businessId: "2345678-9");

        // No profile change follows: the evidence and the rating must reach the index by themselves,
        // shortly. The owner's client never does: it stays a candidate for the caller's same client.
        var need = new MatchPartnersRequest { Parent = caller.Name, Skills = { new SkillRequirement { Skill = "mobile" } }, Client = caller.Client("kunta") };
        var response = await Eventually.PollAsync(
            () => caller.Matches.MatchPartnersAsync(need).ResponseAsync,
            r => r.Candidates.Any(c => c.Firm == receiver.Name && c.RatingCount == 1),
            "the confirmed win and the rating in the match index");
        Assert.Equal(new[] { receiver.Name, owner.Name }.Order(), response.Candidates.Select(c => c.Firm).Order());
        var candidate = response.Candidates.Single(c => c.Firm == receiver.Name);
        Assert.Contains("1 confirmed win", candidate.Breakdown.Single(p => p.Name == "skill_fit").Explanation);
        Assert.True(candidate.Reputation > 3);
        Assert.True(net.DebouncedIndexUpdateSeen, "the shared network's evidence should also have arrived without a profile update");
    }

    [Fact]
    public async Task Meetings_are_suggested_with_non_partners_that_offer_what_the_firm_lacks()
    {
        var caller = net.MarketingOnly; // marketing only, partner of Mobiili-kumppani
        var response = await caller.Matches.SuggestMeetingsAsync(new SuggestMeetingsRequest { Parent = caller.Name, PageSize = 50 });
        var suggested = response.Suggestions.Select(s => s.Firm).ToList();

        // Exactly the other non-partner firms that offer, at level 3 or more, a skill other than marketing.
        var expected = net.Profiles
            .Where(p => p.Key is not (MatchNetworkFixture.MarketingOnlyId or MatchNetworkFixture.MeetingPartnerId))
            .Where(p => p.Value.Capabilities.Any(c => c.Skill != "marketing" && c.Level >= 3))
            .Select(p => net.Firm(p.Key).Name)
            .ToList();
        Assert.InRange(expected.Count, 20, 50);
        Assert.Equal(expected.Order(), suggested.Order());
        Assert.DoesNotContain(net.MeetingPartner.Name, suggested); // partners are not suggested...
        Assert.Contains(net.MeetingTwin.Name, suggested);           // ...though its twin, never met, is

        for (var i = 1; i < response.Suggestions.Count; i++)
        {
            Assert.True(response.Suggestions[i - 1].Score >= response.Suggestions[i].Score, "best first");
        }

        foreach (var s in response.Suggestions)
        {
            var profile = net.Profiles[s.Firm.Split('/')[^1]];
            Assert.NotEmpty(s.ComplementarySkills);
            Assert.DoesNotContain("marketing", s.ComplementarySkills);
            Assert.All(s.ComplementarySkills, skill => Assert.Contains(profile.Capabilities, c => c.Skill == skill && c.Level >= 3));
            Assert.Equal("Maija Mainos (CEO)", s.YourPerson);
            var person = profile.People.Single();
            Assert.Equal($"{person.Name} ({person.Role})", s.TheirPerson);
            Assert.InRange(s.Score, 0, 1);
            Assert.False(string.IsNullOrWhiteSpace(s.Explanation));
        }

        var twin = response.Suggestions.Single(s => s.Firm == net.MeetingTwin.Name);
        Assert.Equal("Mobiili-kaksonen Oy", twin.DisplayName);
        Assert.Equal(new[] { "mobile", "video", "web" }, twin.ComplementarySkills.Order());
        Assert.Equal(new[] { "marketing-minded", "relaxed" }, twin.SharedTraits.Order());
        Assert.Equal("Kalle Kaksonen (CEO)", twin.TheirPerson);
        Assert.Contains("mobile", twin.Explanation);
        Assert.Contains("Maija Mainos", twin.Explanation);
        Assert.Contains("Kalle Kaksonen", twin.Explanation);

        // The default page is ten, best first: the same head as the long list.
        var head = await caller.Matches.SuggestMeetingsAsync(new SuggestMeetingsRequest { Parent = caller.Name });
        Assert.Equal(response.Suggestions.Take(10), head.Suggestions);
    }
}
