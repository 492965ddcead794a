using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// "Chemistry decides everything", and a partner that hands over only "difficult cases" should show:
/// sealed two-sided ratings after a referral ends, chemistry between firms and people, and a
/// referral quality index that the whole network can read.
/// </summary>
public sealed class FeedbackTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;

    /// <summary>Viidakkorumpu (Jari) refers a client to its partner Mobiilimestarit (Mira), who wins it.</summary>
    private async Task<(FirmApi Referrer, FirmApi Receiver, FirmApi Outsider, Referral Won)> WonReferralAsync()
    {
        var networkId = await _hub.NewNetworkAsync("feedback");
        var referrer = await _hub.RegisterAsync(networkId, "viidakkorumpu", TestData.Viidakkorumpu());
        var receiver = await _hub.RegisterAsync(networkId, "mobiilimestarit", TestData.Mobiili());
        var outsider = await _hub.RegisterAsync(networkId, "bittipaja", TestData.Bitti());
        await Scenario.PartnerAsync(referrer, receiver, TestData.Terms(10));
        await referrer.CreateClientAsync("kunta", "Kunta Oy", businessId: "2345678-9");
        var referral = await Scenario.ReferAsync(referrer, receiver, "kunta", skill: "mobile");
        var won = await Outcomes.WinAsync(receiver, referral.Name, 1_000_000);
        Assert.Equal(ReferralState.Won, won.State);
        return (referrer, receiver, outsider, won);
    }

    private static Task<ListReferralFeedbackResponse> ListAsync(FirmApi firm, string referral) =>
        firm.Feedback.ListReferralFeedbackAsync(new ListReferralFeedbackRequest { Parent = referral }).ResponseAsync;

    private static Task<ListFeedbackAboutFirmResponse> AboutAsync(FirmApi firm) =>
        firm.Feedback.ListFeedbackAboutFirmAsync(new ListFeedbackAboutFirmRequest { Parent = firm.Name }).ResponseAsync;

    private static Task<Chemistry> ChemistryAsync(FirmApi firm, FirmApi other) =>
        firm.Feedback.GetChemistryAsync(new GetChemistryRequest { Parent = firm.Name, Other = other.Name }).ResponseAsync;

    [Fact]
    public async Task Both_feeds_announce_each_rating_once_when_it_unseals()
    {
        var (referrer, receiver, _, won) = await WonReferralAsync();
        await receiver.RateAsync(won.Name, Outcomes.Rating(4, Outcomes.Quality(4, 3)));
        async Task<List<Event>> UnsealedAsync(FirmApi firm) =>
            [.. (await firm.Events.ListEventsAsync(new ListEventsRequest { Parent = firm.Name, PageSize = 1000 })).Events
                .Where(e => e.Type == EventType.FeedbackUnsealed)];
        // Sealed: nothing to announce yet.
        Assert.Empty(await UnsealedAsync(referrer));
        Assert.Empty(await UnsealedAsync(receiver));

        await referrer.RateAsync(won.Name, Outcomes.Rating(5));
        foreach (var firm in new[] { referrer, receiver })
        {
            var events = await UnsealedAsync(firm);
            Assert.Equal(2, events.Count);
            Assert.All(events, e => Assert.Equal((won.Name, "UNSEALED"), (e.Resource, e.State)));
            Assert.Equal(
                [(firm == referrer ? receiver.Name : referrer.Name, "RECEIVED"), (firm.Name, "GIVEN")],
                events.Select(e => (e.Actor, e.Reason)).OrderBy(x => x.Item2 == "GIVEN"));
        }
    }

    [Fact]
    public async Task Ratings_stay_sealed_until_both_sides_have_rated()
    {
        var (referrer, receiver, outsider, won) = await WonReferralAsync();
        var nothingYet = await ListAsync(referrer, won.Name);
        Assert.Empty(nothingYet.Feedback);
        Assert.False(nothingYet.OtherSideSealed);

        // The receiver rates first: its rating is sealed, for 14 days at most.
        var first = await receiver.RateAsync(won.Name, Outcomes.Rating(4, Outcomes.Quality(4, 3), Outcomes.Person("Mira Mobiili", "Jari Viidakko", 5)));
        Assert.Equal($"{won.Name}/feedback/{receiver.FirmId}", first.Name);
        Assert.Equal((receiver.Name, referrer.Name), (first.Rater, first.Ratee));
        Assert.True(first.Sealed);
        Assert.InRange(first.UnsealTime.ToDateTime() - first.CreateTime.ToDateTime(), TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));

        // The rated referrer sees that a rating exists, not what it says.
        var referrerView = await ListAsync(referrer, won.Name);
        Assert.Empty(referrerView.Feedback);
        Assert.True(referrerView.OtherSideSealed);
        var aboutReferrer = await AboutAsync(referrer);
        Assert.Equal(1, aboutReferrer.SealedCount);
        Assert.Empty(aboutReferrer.Feedback);
        // The rater sees its own rating; there is nothing sealed from it.
        var receiverView = await ListAsync(receiver, won.Name);
        Assert.Equal(first, Assert.Single(receiverView.Feedback));
        Assert.False(receiverView.OtherSideSealed);
        // A sealed rating counts nowhere yet: not in standing, not in chemistry.
        var sealedStanding = await outsider.StandingAsync(referrer);
        Assert.Equal(0, sealedStanding.RatingCount);
        Assert.False(sealedStanding.HasReputation);
        Assert.False(sealedStanding.HasReferralQuality);
        var sealedChemistry = await ChemistryAsync(referrer, receiver);
        Assert.Equal((0.0, 0), (sealedChemistry.Score, sealedChemistry.RatingCount));
        Assert.Empty(sealedChemistry.People);

        // The referrer rates too: both are revealed at once.
        var second = await referrer.RateAsync(won.Name, Outcomes.Rating(5, people: Outcomes.Person("Jari Viidakko", "Mira Mobiili", 4)));
        Assert.False(second.Sealed);
        Assert.Null(second.ReferralQuality);
        foreach (var firm in new[] { referrer, receiver })
        {
            var both = await ListAsync(firm, won.Name);
            Assert.Equal(2, both.Feedback.Count);
            Assert.False(both.OtherSideSealed);
            Assert.All(both.Feedback, f => Assert.False(f.Sealed));
            var fromReceiver = both.Feedback.Single(f => f.Rater == receiver.Name);
            Assert.Equal((4, 4, 3), (fromReceiver.Communication, fromReceiver.ReferralQuality.AsDisclosed, fromReceiver.ReferralQuality.WorthTheHassle));
            Assert.Equal(5, both.Feedback.Single(f => f.Rater == referrer.Name).WorkAgain);
        }

        aboutReferrer = await AboutAsync(referrer);
        Assert.Equal(0, aboutReferrer.SealedCount);
        Assert.Equal(receiver.Name, Assert.Single(aboutReferrer.Feedback).Rater);
        var aboutReceiver = await AboutAsync(receiver);
        Assert.Equal((0, referrer.Name), (aboutReceiver.SealedCount, Assert.Single(aboutReceiver.Feedback).Rater));
        Assert.Equal(2, (await referrer.GetReferralAsync(won.Name)).Timeline.Count(e => e.Type == ReferralEventType.FeedbackGiven));

        // No hidden scores: any firm of the network reads both standings.
        var referrerStanding = await outsider.StandingAsync(referrer);
        Assert.Equal((1, 1), (referrerStanding.RatingCount, referrerStanding.ReferralQualityCount));
        Assert.True(referrerStanding.HasReputation);
        Assert.True(referrerStanding.HasReferralQuality);
        var receiverStanding = await outsider.StandingAsync(receiver);
        Assert.Equal(1, receiverStanding.RatingCount);
        Assert.True(receiverStanding.Reputation > referrerStanding.Reputation); // rated 5 against 4
        Assert.False(receiverStanding.HasReferralQuality); // it referred nothing

        // Chemistry: both firms' ratings of each other, and person to person, from each side.
        var chemistry = await ChemistryAsync(referrer, receiver);
        Assert.Equal(receiver.Name, chemistry.Other);
        Assert.Equal(2, chemistry.RatingCount);
        Assert.Equal(4.5, chemistry.Score, 2);
        var people = Assert.Single(chemistry.People);
        Assert.Equal(("Jari Viidakko", "Mira Mobiili", 2), (people.YourPerson, people.TheirPerson, people.RatingCount));
        Assert.Equal(4.5, people.Score, 2);
        var mirrored = await ChemistryAsync(receiver, referrer);
        Assert.Equal((referrer.Name, chemistry.Score, 2), (mirrored.Other, mirrored.Score, mirrored.RatingCount));
        var mirroredPeople = Assert.Single(mirrored.People);
        Assert.Equal(("Mira Mobiili", "Jari Viidakko", people.Score), (mirroredPeople.YourPerson, mirroredPeople.TheirPerson, mirroredPeople.Score));
        // A firm they never worked with has no chemistry with them.
        Assert.Equal(0, (await ChemistryAsync(outsider, referrer)).RatingCount);
    }

    [Fact]
    public async Task Feedback_is_refused_when_early_malformed_repeated_or_from_a_stranger()
    {
        var (referrer, receiver, outsider, won) = await WonReferralAsync();
        await referrer.CreateClientAsync("satama", "Satama Oy", businessId: "3456789-0");
        var running = await Scenario.ReferAsync(referrer, receiver, "satama", skill: "mobile");
        await receiver.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = running.Name });

        // Only once the referral is WON or LOST.
        await Rpc.Fails(StatusCode.FailedPrecondition, "ILLEGAL_TRANSITION",
            () => receiver.Feedback.SubmitFeedbackAsync(new SubmitFeedbackRequest { Parent = running.Name, Feedback = Outcomes.Rating(4, Outcomes.Quality(4, 4)) }));
        await Rpc.Fails(StatusCode.FailedPrecondition, "ILLEGAL_TRANSITION",
            () => referrer.Feedback.SubmitFeedbackAsync(new SubmitFeedbackRequest { Parent = running.Name, Feedback = Outcomes.Rating(4) }));

        // The receiver must rate the referral's quality; the referrer may not.
        var bad = await Rpc.Invalid(
            () => receiver.Feedback.SubmitFeedbackAsync(new SubmitFeedbackRequest { Parent = won.Name, Feedback = Outcomes.Rating(4) }),
            "feedback.referral_quality");
        Assert.Single(bad.FieldViolations);
        await Rpc.Invalid(
            () => referrer.Feedback.SubmitFeedbackAsync(new SubmitFeedbackRequest { Parent = won.Name, Feedback = Outcomes.Rating(4, Outcomes.Quality(5, 5)) }),
            "feedback.referral_quality");

        // Every rating is 1–5.
        await Rpc.Invalid(
            () => receiver.Feedback.SubmitFeedbackAsync(new SubmitFeedbackRequest { Parent = won.Name, Feedback = Outcomes.Rating(0, Outcomes.Quality(0, 6)) }),
            "feedback.communication", "feedback.quality_of_work", "feedback.marketing_mind", "feedback.work_again",
            "feedback.referral_quality.as_disclosed", "feedback.referral_quality.worth_the_hassle");
        await Rpc.Invalid(
            () => referrer.Feedback.SubmitFeedbackAsync(new SubmitFeedbackRequest { Parent = won.Name, Feedback = Outcomes.Rating(6) }),
            "feedback.communication", "feedback.work_again");
        await Rpc.Invalid(
            () => referrer.Feedback.SubmitFeedbackAsync(new SubmitFeedbackRequest
            {
                Parent = won.Name,
                Feedback = Outcomes.Rating(3, people: Outcomes.Person("Jari Viidakko", "Mira Mobiili", 9)),
            }),
            "feedback.person_ratings[0].chemistry");
        await Rpc.Invalid(() => referrer.Feedback.SubmitFeedbackAsync(new SubmitFeedbackRequest { Parent = won.Name }), "feedback");

        // Nothing was recorded by the refused calls.
        Assert.Empty((await ListAsync(receiver, won.Name)).Feedback);
        Assert.Empty((await ListAsync(referrer, won.Name)).Feedback);

        // A firm that is no party learns nothing, not even that the referral exists.
        await Rpc.Fails(StatusCode.NotFound,
            () => outsider.Feedback.SubmitFeedbackAsync(new SubmitFeedbackRequest { Parent = won.Name, Feedback = Outcomes.Rating(1, Outcomes.Quality(1, 1)) }));
        await Rpc.Fails(StatusCode.NotFound, () => outsider.Feedback.ListReferralFeedbackAsync(new ListReferralFeedbackRequest { Parent = won.Name }));

        // Once per side; a retry with the same request_id returns the same rating.
        var request = new SubmitFeedbackRequest { Parent = won.Name, Feedback = Outcomes.Rating(4, Outcomes.Quality(4, 4)), RequestId = "rate-kunta" };
        var rated = await receiver.Feedback.SubmitFeedbackAsync(request);
        Assert.Equal(rated, await receiver.Feedback.SubmitFeedbackAsync(request));
        await Rpc.Fails(StatusCode.AlreadyExists,
            () => receiver.Feedback.SubmitFeedbackAsync(new SubmitFeedbackRequest { Parent = won.Name, Feedback = Outcomes.Rating(1, Outcomes.Quality(1, 1)) }));
        await referrer.RateAsync(won.Name, Outcomes.Rating(5));
        await Rpc.Fails(StatusCode.AlreadyExists,
            () => referrer.Feedback.SubmitFeedbackAsync(new SubmitFeedbackRequest { Parent = won.Name, Feedback = Outcomes.Rating(5) }));
        var final = await ListAsync(referrer, won.Name);
        Assert.Equal(2, final.Feedback.Count);
        Assert.Equal(4, final.Feedback.Single(f => f.Rater == receiver.Name).Communication); // the first rating stands
    }

    [Fact]
    public async Task A_referrer_that_passes_on_only_difficult_cases_shows_in_its_referral_quality()
    {
        var networkId = await _hub.NewNetworkAsync("quality");
        var receiver = await _hub.RegisterAsync(networkId, "bittipaja", TestData.Bitti());
        var dishonest = await _hub.RegisterAsync(networkId, "hankaluus", TestData.Plain("Hankaluus Oy"));
        var honest = await _hub.RegisterAsync(networkId, "rehti", TestData.Plain("Rehti Oy"));
        var observer = await _hub.RegisterAsync(networkId, "tarkkailija", TestData.Plain("Tarkkailija Oy"));
        await Scenario.PartnerAsync(dishonest, receiver, TestData.Terms(10));
        await Scenario.PartnerAsync(honest, receiver, TestData.Terms(10));

        // The first case from the dishonest firm goes well, and the receiver says so.
        await dishonest.CreateClientAsync("helppo", "Helppo Oy", businessId: "1111111-1");
        var easy = await Scenario.ReferAsync(dishonest, receiver, "helppo");
        await Outcomes.WinAsync(receiver, easy.Name, 500_000);
        await receiver.RateAsync(easy.Name, Outcomes.Rating(5, Outcomes.Quality(5, 5)));
        await dishonest.RateAsync(easy.Name, Outcomes.Rating(5));
        var before = await observer.StandingAsync(dishonest);
        Assert.Equal((1, 1), (before.RatingCount, before.ReferralQualityCount));
        Assert.True(before.HasReferralQuality);

        // Then it passes on difficult cases: endless calls, and not as disclosed nor worth the hassle.
        var difficult = new List<Referral>();
        foreach (var (id, businessId) in new[] { ("vaikea-1", "2222222-2"), ("vaikea-2", "3333333-3") })
        {
            await dishonest.CreateClientAsync(id, $"Vaikea {id[^1]} Oy", businessId: businessId);
            var referral = await Scenario.ReferAsync(dishonest, receiver, id);
            await Outcomes.LoseAsync(receiver, referral.Name);
            await receiver.RateAsync(referral.Name, Outcomes.Rating(1, Outcomes.Quality(1, 1)));
            // Sealed until the referrer has rated too: the standing does not move yet.
            var whileSealed = await observer.StandingAsync(dishonest);
            Assert.Equal(difficult.Count + 1, whileSealed.ReferralQualityCount);
            await dishonest.RateAsync(referral.Name, Outcomes.Rating(4));
            difficult.Add(referral);
        }

        // The honest firm's case is as disclosed and worth it.
        await honest.CreateClientAsync("reilu", "Reilu Oy", businessId: "4444444-4");
        var fair = await Scenario.ReferAsync(honest, receiver, "reilu");
        await Outcomes.WinAsync(receiver, fair.Name, 500_000);
        await receiver.RateAsync(fair.Name, Outcomes.Rating(5, Outcomes.Quality(5, 5)));
        await honest.RateAsync(fair.Name, Outcomes.Rating(5));

        // What every firm in the network sees through GetFirm: no hidden scores.
        var d = await observer.StandingAsync(dishonest);
        var h = await observer.StandingAsync(honest);
        Assert.Equal((3, 3), (d.RatingCount, d.ReferralQualityCount));
        Assert.Equal((1, 1), (h.RatingCount, h.ReferralQualityCount));
        Assert.True(d.ReferralQuality < h.ReferralQuality, $"dishonest {d.ReferralQuality} should be below honest {h.ReferralQuality}");
        Assert.True(d.ReferralQuality < before.ReferralQuality, $"dishonest fell from {before.ReferralQuality} to {d.ReferralQuality}");
        Assert.True(d.Reputation < h.Reputation);
        Assert.Equal(before.ReferralQuality, h.ReferralQuality); // one 5/5 rating each, at the start
        // Few ratings are pulled towards 3, so one rating can neither make nor break a firm.
        Assert.InRange(h.ReferralQuality, 3.5, 4.0);
        Assert.InRange(d.ReferralQuality, 2.4, 2.8);
        // The firm itself sees exactly what the others see.
        var own = (await dishonest.Firms.GetFirmAsync(new GetFirmRequest { Name = dishonest.Name })).Standing;
        Assert.Equal(d.ReferralQuality, own.ReferralQuality);
        Assert.Equal(d.Reputation, own.Reputation);

        // The receiver reads every rating about it, newest first, a page at a time.
        var firstPage = await receiver.Feedback.ListFeedbackAboutFirmAsync(new ListFeedbackAboutFirmRequest { Parent = receiver.Name, PageSize = 3 });
        Assert.Equal(3, firstPage.Feedback.Count);
        Assert.NotEmpty(firstPage.NextPageToken);
        var lastPage = await receiver.Feedback.ListFeedbackAboutFirmAsync(new ListFeedbackAboutFirmRequest
        {
            Parent = receiver.Name,
            PageSize = 3,
            PageToken = firstPage.NextPageToken,
        });
        Assert.Empty(lastPage.NextPageToken);
        var aboutReceiver = firstPage.Feedback.Concat(lastPage.Feedback).ToList();
        Assert.Equal(
            new[] { fair.Name, difficult[1].Name, difficult[0].Name, easy.Name }.Select(r => r + "/feedback/"),
            aboutReceiver.Select(f => f.Name[..(f.Name.LastIndexOf('/') + 1)]));
        Assert.All(aboutReceiver, f => Assert.Equal(receiver.Name, f.Ratee));
        Assert.Equal(0, firstPage.SealedCount);

        // The receiver's scoreboard shows the same per partner.
        var board = await receiver.Partnerships.GetScoreboardAsync(new GetScoreboardRequest { Parent = receiver.Name });
        var fromDishonest = board.Partners.Single(p => p.Partner == dishonest.Name).Received;
        Assert.Equal(3, fromDishonest.ReferralQualityCount);
        Assert.Equal((5 + 1 + 1) / 3.0, fromDishonest.AverageReferralQuality, 2);
        Assert.Equal(5.0, board.Partners.Single(p => p.Partner == honest.Name).Received.AverageReferralQuality, 2);
    }
}
