using static Viidakko.Grains.Tests.Cluster.MatchingSteps;

namespace Viidakko.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class FeedbackGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Person_ratings_name_real_people_of_each_firm()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        var won = await n.WonReferralAsync("alfa", "beta", "kahvila");

        var error = await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, "INVALID_ARGUMENT",
            () => n.Firm("alfa").SubmitFeedbackAsync(won.ReferralId, Feedback(4, people: [new PersonRating("Ghost", "Nobody", 5)])));
        Assert.Equal(
            ["feedback.person_ratings[0].from_person", "feedback.person_ratings[0].to_person"],
            error.Violations.Select(v => v.Field));
        // Nothing was recorded.
        Assert.Empty((await n.Referral(won.ReferralId).GetFeedbackAsync("alfa")).Visible);
    }

    [Fact]
    public async Task Ratings_stay_sealed_until_both_sides_have_rated()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        var won = await n.WonReferralAsync("alfa", "beta", "kahvila");
        var referral = n.Referral(won.ReferralId);

        // The receiver must rate the referral's quality; only the receiver may.
        var missing = await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, "INVALID_ARGUMENT",
            () => n.Firm("beta").SubmitFeedbackAsync(won.ReferralId, Feedback(4)));
        Assert.Equal("feedback.referral_quality", Assert.Single(missing.Violations).Field);
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, "INVALID_ARGUMENT",
            () => n.Firm("alfa").SubmitFeedbackAsync(won.ReferralId, Feedback(4, new ReferralQualityRating(5, 5))));
        await AssertDomain.ThrowsAsync(DomainErrorKind.NotFound, "NOT_FOUND",
            () => n.Firm("gamma").SubmitFeedbackAsync(won.ReferralId, Feedback(4)));
        Assert.Empty((await referral.GetFeedbackAsync("alfa")).Visible);

        var betaRating = Feedback(4, new ReferralQualityRating(5, 4), [new PersonRating("Maija Meikäläinen", "Maija Meikäläinen", 5)], requestId: "fb-1");
        var rate = Req("fb-1", "SubmitFeedback", new { won.ReferralId, rating = betaRating });
        var betas = await n.Firm("beta").SubmitFeedbackAsync(won.ReferralId, betaRating, rate);
        Assert.Equal((won.ReferralId, "beta", "alfa"), (betas.ReferralId, betas.RaterFirmId, betas.RateeFirmId));
        Assert.Equal(betas.CreateTime + TimeSpan.FromDays(14), betas.UnsealTime);

        // The referrer cannot see it yet, neither on the referral nor on its firm.
        var alfaSees = await referral.GetFeedbackAsync("alfa");
        Assert.Empty(alfaSees.Visible);
        Assert.True(alfaSees.OtherSideSealed);
        var betaSees = await referral.GetFeedbackAsync("beta");
        Assert.Equal("beta", Assert.Single(betaSees.Visible).RaterFirmId);
        Assert.False(betaSees.OtherSideSealed);

        var aboutAlfa = await n.Firm("alfa").ListFeedbackAboutFirmAsync(10, 0);
        Assert.Equal((0, 1), (aboutAlfa.Feedback.Count, aboutAlfa.SealedCount));
        var alfaStanding = (await n.Firm("alfa").GetAsync("alfa")).Standing;
        Assert.Equal((0, (double?)null, (double?)null), (alfaStanding.RatingCount, alfaStanding.Reputation, alfaStanding.ReferralQuality));
        Assert.Equal(0, (await n.Firm("alfa").GetChemistryAsync("beta")).RatingCount);

        // One rating per side; a retry with the same request id gets the first one back.
        var retried = await n.Firm("beta").SubmitFeedbackAsync(won.ReferralId, betaRating, rate);
        Assert.Equal((betas.CreateTime, betas.UnsealTime, 4), (retried.CreateTime, retried.UnsealTime, retried.Input.Communication));
        // The referral grain tells a feedback retry by its id alone (the rating holds the id it came with)...
        var other = Feedback(1, new ReferralQualityRating(1, 1), requestId: "fb-1");
        retried = (await referral.SubmitFeedbackAsync("beta", other, [], Req("fb-1", "SubmitFeedback", new { won.ReferralId, rating = other }))).Record;
        Assert.Equal((betas.CreateTime, betas.UnsealTime, 4), (retried.CreateTime, retried.UnsealTime, retried.Input.Communication));
        // ...while the firm, which binds the id to the whole request, refuses another rating with it.
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("beta").SubmitFeedbackAsync(won.ReferralId, other, Req("fb-1", "SubmitFeedback", new { won.ReferralId, rating = other })));
        await AssertDomain.ThrowsAsync(DomainErrorKind.AlreadyExists, "FEEDBACK_EXISTS",
            () => n.Firm("beta").SubmitFeedbackAsync(won.ReferralId, Feedback(2, new ReferralQualityRating(2, 2), requestId: "fb-2")));
        await AssertDomain.ThrowsAsync(DomainErrorKind.AlreadyExists, "FEEDBACK_EXISTS",
            () => n.Firm("beta").SubmitFeedbackAsync(won.ReferralId, Feedback(2, new ReferralQualityRating(2, 2))));

        var alfas = await n.Firm("alfa").SubmitFeedbackAsync(won.ReferralId, Feedback(3, people: [new PersonRating("Maija Meikäläinen", "Maija Meikäläinen", 3)]));
        Assert.Equal(("alfa", "beta", alfas.CreateTime), (alfas.RaterFirmId, alfas.RateeFirmId, alfas.UnsealTime));

        // Both rated: both ratings are open to both sides.
        foreach (var viewer in new[] { "alfa", "beta" })
        {
            var seen = await referral.GetFeedbackAsync(viewer);
            Assert.Equal(["alfa", "beta"], seen.Visible.Select(f => f.RaterFirmId).Order());
            Assert.All(seen.Visible, f => Assert.Equal(alfas.CreateTime, f.UnsealTime));
            Assert.False(seen.OtherSideSealed);
        }

        aboutAlfa = await n.Firm("alfa").ListFeedbackAboutFirmAsync(10, 0);
        Assert.Equal(0, aboutAlfa.SealedCount);
        var rating = Assert.Single(aboutAlfa.Feedback);
        Assert.Equal(("beta", 4, 5), (rating.RaterFirmId, rating.Input.Communication, rating.Input.ReferralQuality!.AsDisclosed));
        var aboutBeta = await n.Firm("beta").ListFeedbackAboutFirmAsync(10, 0);
        Assert.Equal(("alfa", 0), (Assert.Single(aboutBeta.Feedback).RaterFirmId, aboutBeta.SealedCount));

        await AssertDomain.ThrowsAsync(DomainErrorKind.AlreadyExists, "FEEDBACK_EXISTS",
            () => n.Firm("alfa").SubmitFeedbackAsync(won.ReferralId, Feedback(5)));

        // Now they count: reputation and referral quality with the neutral prior, chemistry without.
        alfaStanding = (await n.Firm("alfa").GetAsync("beta")).Standing;
        Assert.Equal((1, Math.Round(10 / 3.0, 3), 3.5, 1), (alfaStanding.RatingCount, alfaStanding.Reputation, alfaStanding.ReferralQuality, alfaStanding.ReferralQualityCount));
        var betaStanding = (await n.Firm("beta").GetAsync("beta")).Standing;
        Assert.Equal((1, 3.0, (double?)null), (betaStanding.RatingCount, betaStanding.Reputation, betaStanding.ReferralQuality));

        var fromAlfa = await n.Firm("alfa").GetChemistryAsync("beta");
        Assert.Equal(("beta", 3.5, 2), (fromAlfa.OtherFirmId, fromAlfa.Score, fromAlfa.RatingCount));
        Assert.Equal([new PeopleChemistryView("Maija Meikäläinen", "Maija Meikäläinen", 4.0, 2)], fromAlfa.People);
        var fromBeta = await n.Firm("beta").GetChemistryAsync("alfa");
        Assert.Equal((3.5, 2), (fromBeta.Score, fromBeta.RatingCount));
        Assert.Equal([new PeopleChemistryView("Maija Meikäläinen", "Maija Meikäläinen", 4.0, 2)], fromBeta.People);

        var timeline = (await referral.GetAsync("alfa")).Timeline;
        Assert.Equal(2, timeline.Count(e => e.Type == ReferralEventType.FeedbackGiven));
    }

    [Fact]
    public async Task Feedback_waits_until_the_referral_is_won_or_lost()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var proposed = await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"));
        var referral = n.Referral(proposed.ReferralId);

        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
            () => n.Firm("alfa").SubmitFeedbackAsync(proposed.ReferralId, Feedback(4)));
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
            () => n.Firm("beta").SubmitFeedbackAsync(proposed.ReferralId, Feedback(4, new ReferralQualityRating(4, 4))));

        await n.Firm("beta").ActOnReferralAsync(proposed.ReferralId, TestNetwork.Action(ReferralActionType.Accept));
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
            () => n.Firm("alfa").SubmitFeedbackAsync(proposed.ReferralId, Feedback(4)));
        await n.Firm("beta").ActOnReferralAsync(proposed.ReferralId, TestNetwork.Action(ReferralActionType.Start));
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
            () => n.Firm("beta").SubmitFeedbackAsync(proposed.ReferralId, Feedback(4, new ReferralQualityRating(4, 4))));

        var declined = await n.DeclinedReferralAsync("alfa", "beta", "leipomo");
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
            () => n.Firm("alfa").SubmitFeedbackAsync(declined.ReferralId, Feedback(4)));

        Assert.Empty((await referral.GetFeedbackAsync("alfa")).Visible);
        Assert.Equal(0, (await n.Firm("alfa").ListFeedbackAboutFirmAsync(10, 0)).SealedCount);

        // A lost referral can be rated.
        await n.Firm("beta").ActOnReferralAsync(proposed.ReferralId, TestNetwork.Action(ReferralActionType.Lose));
        await n.Firm("beta").SubmitFeedbackAsync(proposed.ReferralId, Feedback(4, new ReferralQualityRating(4, 4)));
        Assert.Equal(1, (await n.Firm("alfa").ListFeedbackAboutFirmAsync(10, 0)).SealedCount);
    }

    [Fact]
    public async Task Referrer_rating_of_a_won_referral_confirms_the_win_once()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        var won = await n.WonReferralAsync("alfa", "beta", "kahvila", skills: ["accounting", "payroll"]);
        var referral = n.Referral(won.ReferralId);

        async Task<string> Wins(string firmId) =>
            string.Join(", ", (await n.Firm(firmId).GetAsync("alfa")).Standing.ConfirmedWins.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}={w.Value}"));

        Assert.Equal("", await Wins("beta"));
        // The receiver's own rating is no evidence of its skill.
        await n.Firm("beta").SubmitFeedbackAsync(won.ReferralId, Feedback(5, new ReferralQualityRating(5, 5)));
        Assert.Equal("", await Wins("beta"));

        var confirm = Feedback(5, requestId: "confirm");
        var tag = Req("confirm", "SubmitFeedback", new { won.ReferralId, confirm });
        await n.Firm("alfa").SubmitFeedbackAsync(won.ReferralId, confirm, tag);
        Assert.Equal("accounting=1, payroll=1", await Wins("beta"));

        // A retried rating does not count the win twice.
        await n.Firm("alfa").SubmitFeedbackAsync(won.ReferralId, confirm, tag);
        Assert.Equal("accounting=1, payroll=1", await Wins("beta"));
        Assert.Equal("", await Wins("alfa"));

        // The referrer rating a lost referral confirms nothing.
        var lost = await n.LostReferralAsync("alfa", "beta", "leipomo", skills: ["accounting"]);
        await n.Firm("alfa").SubmitFeedbackAsync(lost.ReferralId, Feedback(2));
        Assert.Equal("accounting=1, payroll=1", await Wins("beta"));

        // Another confirmed win adds up.
        var second = await n.WonReferralAsync("alfa", "beta", "kampaamo", skills: ["accounting"]);
        await n.Firm("alfa").SubmitFeedbackAsync(second.ReferralId, Feedback(4));
        Assert.Equal("accounting=2, payroll=1", await Wins("beta"));
    }

    [Fact]
    public async Task Receivers_quality_ratings_make_a_referrers_referral_quality()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "honest", "sloppy", "receiver");
        await n.PartnerAsync("honest", "receiver");
        await n.PartnerAsync("sloppy", "receiver");
        var good = await n.WonReferralAsync("honest", "receiver", "good-client");
        var bad = await n.WonReferralAsync("sloppy", "receiver", "bad-client");

        await n.Firm("receiver").SubmitFeedbackAsync(good.ReferralId, Feedback(4, new ReferralQualityRating(5, 5)));
        await n.Firm("receiver").SubmitFeedbackAsync(bad.ReferralId, Feedback(4, new ReferralQualityRating(1, 1)));

        async Task<FirmStanding> StandingOf(string firmId) => (await n.Firm(firmId).GetAsync("receiver")).Standing;

        // Sealed: nothing counts yet.
        Assert.Null((await StandingOf("honest")).ReferralQuality);
        Assert.Null((await StandingOf("sloppy")).ReferralQuality);

        await n.Firm("honest").SubmitFeedbackAsync(good.ReferralId, Feedback(4));
        await n.Firm("sloppy").SubmitFeedbackAsync(bad.ReferralId, Feedback(4));

        var honest = await StandingOf("honest");
        var sloppy = await StandingOf("sloppy");
        Assert.Equal((Math.Round(11 / 3.0, 3), 1), (honest.ReferralQuality, honest.ReferralQualityCount));
        Assert.Equal((Math.Round(7 / 3.0, 3), 1), (sloppy.ReferralQuality, sloppy.ReferralQualityCount));
        Assert.True(sloppy.ReferralQuality < honest.ReferralQuality);
        // The same overall rating: reputation does not tell them apart, referral quality does.
        Assert.Equal(honest.Reputation, sloppy.Reputation);
        // The receiver is rated as a receiver: no referral quality of its own.
        Assert.Null((await StandingOf("receiver")).ReferralQuality);
    }

    [Fact]
    public async Task Keep_ratio_follows_kept_and_referred_clients()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        async Task<double?> KeepRatio() => (await n.Firm("alfa").GetAsync("beta")).Standing.KeepRatio;

        Assert.Null(await KeepRatio());
        await n.AddClientAsync("alfa", "best", "1111111-1", keep: true);
        Assert.Equal(1.0, await KeepRatio());

        await n.AddClientAsync("alfa", "shared", "2222222-2");
        await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "shared"));
        Assert.Equal(0.5, await KeepRatio());

        // A client neither kept nor referred changes nothing until it is marked kept.
        var other = await n.AddClientAsync("alfa", "other", "3333333-3");
        Assert.Equal(0.5, await KeepRatio());
        await n.Firm("alfa").UpdateClientAsync("other", TestNetwork.Input("other", "3333333-3", keep: true), [ClientFields.Keep]);
        Assert.Equal(0.6667, await KeepRatio());

        await n.Firm("alfa").UpdateClientAsync("best", TestNetwork.Input("best", "1111111-1", keep: false), [ClientFields.Keep]);
        Assert.Equal(0.5, await KeepRatio());
        Assert.False(other.Keep);

        // The receiver passed nothing on and keeps nothing.
        Assert.Null((await n.Firm("beta").GetAsync("beta")).Standing.KeepRatio);
    }
}
