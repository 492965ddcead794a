using Viidakko.Grains.Tests.Domain;
using static Viidakko.Grains.Tests.Cluster.MatchingSteps;

namespace Viidakko.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ScoreboardGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Both_partners_scoreboards_agree_on_their_ledger()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta", "gamma");
        // 10 % on at most 6 months.
        await n.PartnerAsync("alfa", "beta");
        await n.Firm("alfa").ProposePartnershipAsync("gamma", TestNetwork.DefaultTerms, "hi");

        var a1 = await n.WonReferralAsync("alfa", "beta", "a1", 1_200_000, 12);                    // fee 600 €
        var a2 = await n.WonReferralAsync("alfa", "beta", "a2", 300_000, 3);                       // fee 300 €
        var a3 = await n.DeclinedReferralAsync("alfa", "beta", "a3");
        var a4 = await n.WonReferralAsync("alfa", "beta", "a4", 500_000, 1, kind: ReferralKind.Introduction); // fee 500 €
        var b1 = await n.WonReferralAsync("beta", "alfa", "b1", 800_000, 6);                       // fee 800 €
        await n.DeclinedReferralAsync("beta", "alfa", "b2");
        var b3 = await n.LostReferralAsync("beta", "alfa", "b3");
        Assert.Equal((60_000L, 30_000L, 50_000L, 80_000L), (a1.FeeDueCents, a2.FeeDueCents, a4.FeeDueCents, b1.FeeDueCents));

        // Either side may mark a fee paid, once; a retry with the same request id is not a second time.
        var pay = Req("pay-1", $"MarkFeePaid {a1.ReferralId} paid by transfer");
        var paid = await n.Firm("beta").MarkFeePaidAsync(a1.ReferralId, "paid by transfer", pay);
        Assert.Equal(60_000L, paid.FeePaidCents);
        var retried = await n.Firm("beta").MarkFeePaidAsync(a1.ReferralId, "paid by transfer", pay);
        Assert.Equal((60_000L, paid.Version), (retried.FeePaidCents, retried.Version));
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, "FEE_ALREADY_PAID",
            () => n.Firm("alfa").MarkFeePaidAsync(a1.ReferralId, "again", null));
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, "FEE_ALREADY_PAID",
            () => n.Firm("beta").MarkFeePaidAsync(a1.ReferralId, "again", Req("pay-2", $"MarkFeePaid {a1.ReferralId} again")));
        await n.Firm("beta").MarkFeePaidAsync(b1.ReferralId, "received", null);
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
            () => n.Firm("alfa").MarkFeePaidAsync(a3.ReferralId, "", null));
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
            () => n.Firm("beta").MarkFeePaidAsync(b3.ReferralId, "", null));
        await AssertDomain.ThrowsAsync(DomainErrorKind.NotFound, "NOT_FOUND",
            () => n.Firm("gamma").MarkFeePaidAsync(a2.ReferralId, "", null));
        var timeline = (await n.Referral(a1.ReferralId).GetAsync("alfa")).Timeline;
        Assert.Equal(("beta", ReferralStatus.Won), timeline.Where(e => e.Type == ReferralEventType.FeePaid).Select(e => (e.ActorFirmId, e.StatusAfter)).Single());

        // The receiver rates a1's quality, alfa rates back: the rating unseals and counts on both boards.
        await n.Firm("beta").SubmitFeedbackAsync(a1.ReferralId, Feedback(4, new ReferralQualityRating(5, 4)));
        await n.Firm("alfa").SubmitFeedbackAsync(a1.ReferralId, Feedback(5));

        var alfas = await n.Firm("alfa").GetScoreboardAsync();
        var betas = await n.Firm("beta").GetScoreboardAsync();

        Assert.Equal(["beta", "gamma"], alfas.Partners.Select(p => p.PartnerFirmId));
        var alfaWithBeta = alfas.Partners[0];
        var betaWithAlfa = Assert.Single(betas.Partners);
        Assert.Equal("alfa", betaWithAlfa.PartnerFirmId);

        Assert.Equal(new DirectionLedger(3, 1, 3, 3, 2_000_000, 140_000, 60_000, 4.5, 1), alfaWithBeta.Sent);
        Assert.Equal(new DirectionLedger(3, 0, 2, 1, 800_000, 80_000, 80_000, null, 0), alfaWithBeta.Received);
        Assert.Equal((1, 1_200_000L), (alfaWithBeta.CountBalance, alfaWithBeta.ValueBalanceCents));
        Assert.StartsWith("They owe you", alfaWithBeta.ReturnTheBall);
        Assert.StartsWith("Return the ball", betaWithAlfa.ReturnTheBall);
        StandingsTests.AssertMirrored(alfaWithBeta, betaWithAlfa);
        Assert.Equal(PartnershipStatus.Active, alfaWithBeta.Status);
        Assert.Equal((PartnershipStatus.Proposed, 0, "Even."), (alfas.Partners[1].Status, alfas.Partners[1].Sent.Referrals, alfas.Partners[1].ReturnTheBall));

        // The scoreboard's standing is the firm's own.
        Assert.Equal(1, alfas.Standing.RatingCount);
        Assert.Equal((await n.Firm("alfa").GetAsync("alfa")).Standing.Reputation, alfas.Standing.Reputation);

        // The ledger counts what the partnership view counts.
        var partnership = await n.Firm("alfa").GetPartnershipAsync("beta");
        Assert.Equal((partnership.ReferralsSent, partnership.ReferralsReceived),
            (alfaWithBeta.Sent.Referrals + alfaWithBeta.Sent.Introductions, alfaWithBeta.Received.Referrals + alfaWithBeta.Received.Introductions));
    }

    [Fact]
    public async Task Fee_can_only_be_paid_on_a_won_referral_with_a_fee()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta", new PartnershipTerms(0m, 0, 12, []));
        var started = await n.StartedReferralAsync("alfa", "beta", "kahvila");

        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
            () => n.Firm("beta").MarkFeePaidAsync(started, "", null));

        var won = await n.Firm("beta").ActOnReferralAsync(started, TestNetwork.Action(ReferralActionType.Win, 1_000_000, 12));
        Assert.Equal(0, won.FeeDueCents);
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
            () => n.Firm("beta").MarkFeePaidAsync(started, "", null));
        Assert.Equal(0, (await n.Firm("alfa").GetScoreboardAsync()).Partners.Single().Sent.FeesPaidCents);
    }
}
