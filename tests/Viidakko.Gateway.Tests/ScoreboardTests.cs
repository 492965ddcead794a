using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// "Let me return the ball": the reciprocity scoreboard. Both firms of a partnership keep the same
/// ledger from their own side, fees marked paid by either of them show on both, and the board says
/// who owes whom a referral.
/// </summary>
public sealed class ScoreboardTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;

    private static Task<Scoreboard> BoardAsync(FirmApi firm) =>
        firm.Partnerships.GetScoreboardAsync(new GetScoreboardRequest { Parent = firm.Name }).ResponseAsync;

    private static Task<Referral> PayAsync(FirmApi firm, string referral, string note = "") =>
        firm.Referrals.MarkFeePaidAsync(new MarkFeePaidRequest { Name = referral, Note = note }).ResponseAsync;

    [Fact]
    public async Task Both_partners_see_the_same_ledger_from_their_own_side()
    {
        var networkId = await _hub.NewNetworkAsync("scoreboard");
        var a = await _hub.RegisterAsync(networkId, "viidakkorumpu", TestData.Viidakkorumpu());
        var b = await _hub.RegisterAsync(networkId, "bittipaja", TestData.Bitti());
        var c = await _hub.RegisterAsync(networkId, "salama", TestData.Flash());
        await Scenario.PartnerAsync(a, b, TestData.Terms(10));
        await Scenario.PartnerAsync(c, a, TestData.Terms(5));

        await a.CreateClientAsync("paras", "Paras Asiakas Oy", businessId: "1000000-1", keep: true);
        foreach (var (id, businessId) in new[] { ("a1", "1000001-1"), ("a2", "1000002-1"), ("a3", "1000003-1"), ("a4", "1000004-1") })
        {
            await a.CreateClientAsync(id, $"Asiakas {id} Oy", businessId: businessId);
        }

        await b.CreateClientAsync("b1", "Bitin Asiakas 1 Oy", businessId: "2000001-1");
        await b.CreateClientAsync("b2", "Bitin Asiakas 2 Oy", businessId: "2000002-1");

        // A → B: a won referral, a lost introduction, a referral still waiting.
        var wonByB = await Scenario.ReferAsync(a, b, "a1");
        await Outcomes.WinAsync(b, wonByB.Name, 1_000_000);
        var lostByB = await Scenario.ReferAsync(a, b, "a2", ReferralKind.Introduction);
        await Outcomes.LoseAsync(b, lostByB.Name);
        var waiting = await Scenario.ReferAsync(a, b, "a3");
        // B → A: a won introduction and a declined referral.
        var wonByA = await Scenario.ReferAsync(b, a, "b1", ReferralKind.Introduction);
        await Outcomes.WinAsync(a, wonByA.Name, 400_000);
        var declinedByA = await Scenario.ReferAsync(b, a, "b2");
        await a.Referrals.DeclineReferralAsync(new DeclineReferralRequest { Name = declinedByA.Name, Reason = DeclineReason.NoCapacity });
        // A → C under a partnership that has since ended: the flow still has a row.
        var toC = await Scenario.ReferAsync(a, c, "a4", skill: "flash-animation");
        await c.Referrals.DeclineReferralAsync(new DeclineReferralRequest { Name = toC.Name, Reason = DeclineReason.NotAFit });
        await c.Partnerships.EndPartnershipAsync(new EndPartnershipRequest { Name = c.PartnershipWith(a), Note = "Moving on." });

        // Fees: either party may mark one paid; here the payer marks one and the payee the other.
        var paidByPayer = await PayAsync(b, wonByB.Name, "Invoice 1001");
        Assert.Equal((100_000L, 100_000L), (paidByPayer.FeeDueCents, paidByPayer.FeePaidCents));
        var paidEvent = paidByPayer.Timeline.Last();
        Assert.Equal((ReferralEventType.FeePaid, b.Name, "Invoice 1001"), (paidEvent.Type, paidEvent.Actor, paidEvent.Note));
        var paidByPayee = await PayAsync(b, wonByA.Name);
        Assert.Equal((40_000L, 40_000L), (paidByPayee.FeeDueCents, paidByPayee.FeePaidCents));
        Assert.Equal(40_000, (await a.GetReferralAsync(wonByA.Name)).FeePaidCents); // the other party sees it too

        // The receiver rates the won referral's quality; once both sides have rated, both boards show it.
        await b.RateAsync(wonByB.Name, Outcomes.Rating(4, Outcomes.Quality(4, 5)));
        await a.RateAsync(wonByB.Name, Outcomes.Rating(5));

        var boardA = await BoardAsync(a);
        var boardB = await BoardAsync(b);
        Assert.Equal(new[] { b.Name, c.Name }, boardA.Partners.Select(p => p.Partner).ToArray()); // ordered by partner id
        var aWithB = boardA.Partners.Single(p => p.Partner == b.Name);
        var bWithA = Assert.Single(boardB.Partners);
        Assert.Equal(a.Name, bWithA.Partner);
        Assert.Equal((PartnershipState.Active, PartnershipState.Active), (aWithB.State, bWithA.State));

        // What A sent is exactly what B received, and the other way round.
        Assert.Equal(aWithB.Sent, bWithA.Received);
        Assert.Equal(aWithB.Received, bWithA.Sent);
        Assert.Equal(-aWithB.CountBalance, bWithA.CountBalance);
        Assert.Equal(-aWithB.ValueBalanceCents, bWithA.ValueBalanceCents);

        var sent = aWithB.Sent;
        Assert.Equal((2, 1, 2, 1), (sent.Referrals, sent.Introductions, sent.Accepted, sent.Won));
        Assert.Equal((1_000_000L, 100_000L, 100_000L), (sent.WonValueCents, sent.FeesDueCents, sent.FeesPaidCents));
        Assert.True(sent.HasAverageReferralQuality);
        Assert.Equal((4.5, 1), (sent.AverageReferralQuality, sent.ReferralQualityCount));
        var received = aWithB.Received;
        Assert.Equal((1, 1, 1, 1), (received.Referrals, received.Introductions, received.Accepted, received.Won));
        Assert.Equal((400_000L, 40_000L, 40_000L), (received.WonValueCents, received.FeesDueCents, received.FeesPaidCents));
        Assert.False(received.HasAverageReferralQuality);
        Assert.Equal((1, 600_000L), (aWithB.CountBalance, aWithB.ValueBalanceCents));

        // Return the ball: who owes whom, in words, from each side.
        Assert.Contains("They owe you", aWithB.ReturnTheBall);
        Assert.Contains("1 more", aWithB.ReturnTheBall);
        Assert.Contains("Return the ball", bWithA.ReturnTheBall);
        Assert.Contains("1 more", bWithA.ReturnTheBall);

        // The ended partnership keeps its row on both sides.
        var aWithC = boardA.Partners.Single(p => p.Partner == c.Name);
        var cWithA = Assert.Single((await BoardAsync(c)).Partners);
        Assert.Equal((PartnershipState.Ended, PartnershipState.Ended), (aWithC.State, cWithA.State));
        Assert.Equal((1, 0, 0), (aWithC.Sent.Referrals, aWithC.Sent.Accepted, aWithC.Received.Referrals));
        Assert.Equal(aWithC.Sent, cWithA.Received);

        // The waiting referral counts as sent but not accepted. Both fees were marked paid, so the
        // partnership owes nothing either way any more.
        Assert.Equal(ReferralState.Proposed, (await a.GetReferralAsync(waiting.Name)).State);
        var partnership = await a.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = a.PartnershipWith(b) });
        Assert.Equal((0L, 0L, 3, 2), (partnership.FeesOwedToYouCents, partnership.FeesYouOweCents, partnership.ReferralsSent, partnership.ReferralsReceived));
        Assert.Equal((100_000L, 40_000L), (aWithB.Sent.FeesPaidCents, aWithB.Received.FeesPaidCents));

        // Standing: A kept its best client and passed on four others.
        Assert.True(boardA.Standing.HasKeepRatio);
        Assert.Equal(0.2, boardA.Standing.KeepRatio, 4);
        Assert.Equal(0.0, boardB.Standing.KeepRatio, 4);
        Assert.Equal((1, 1), (boardA.Standing.RatingCount, boardB.Standing.RatingCount));
        Assert.Equal(1, boardA.Standing.ReferralQualityCount);
    }

    [Fact]
    public async Task A_fee_is_marked_paid_once_and_only_on_a_won_referral()
    {
        var networkId = await _hub.NewNetworkAsync("fees");
        var a = await _hub.RegisterAsync(networkId, "viidakkorumpu", TestData.Viidakkorumpu());
        var b = await _hub.RegisterAsync(networkId, "bittipaja", TestData.Bitti());
        var outsider = await _hub.RegisterAsync(networkId, "salama", TestData.Flash());
        await Scenario.PartnerAsync(a, b, TestData.Terms(10));
        await a.CreateClientAsync("k1", "Kunta 1 Oy", businessId: "3000001-1");
        await a.CreateClientAsync("k2", "Kunta 2 Oy", businessId: "3000002-1");

        var running = await Scenario.ReferAsync(a, b, "k1");
        await Rpc.Fails(StatusCode.FailedPrecondition, "ILLEGAL_TRANSITION", () => a.Referrals.MarkFeePaidAsync(new MarkFeePaidRequest { Name = running.Name }));
        await Outcomes.LoseAsync(b, running.Name);
        await Rpc.Fails(StatusCode.FailedPrecondition, "ILLEGAL_TRANSITION", () => b.Referrals.MarkFeePaidAsync(new MarkFeePaidRequest { Name = running.Name }));

        var won = await Scenario.ReferAsync(a, b, "k2");
        await Outcomes.WinAsync(b, won.Name, 250_000);
        await Rpc.Fails(StatusCode.NotFound, () => outsider.Referrals.MarkFeePaidAsync(new MarkFeePaidRequest { Name = won.Name }));

        var paid = await PayAsync(a, won.Name, "Received, thanks.");
        Assert.Equal(25_000, paid.FeePaidCents);
        await Rpc.Fails(StatusCode.FailedPrecondition, () => a.Referrals.MarkFeePaidAsync(new MarkFeePaidRequest { Name = won.Name }));
        await Rpc.Fails(StatusCode.FailedPrecondition, () => b.Referrals.MarkFeePaidAsync(new MarkFeePaidRequest { Name = won.Name }));

        // Paid once, whoever tried again.
        var boardB = await BoardAsync(b);
        Assert.Equal((25_000L, 25_000L), (boardB.Partners.Single().Received.FeesDueCents, boardB.Partners.Single().Received.FeesPaidCents));
        Assert.Single((await b.GetReferralAsync(won.Name)).Timeline, e => e.Type == ReferralEventType.FeePaid);

        // A retry of the same call (same request_id) is not a second payment but the same answer.
        await a.CreateClientAsync("k3", "Kunta 3 Oy", businessId: "3000003-1");
        var another = await Scenario.ReferAsync(a, b, "k3");
        await Outcomes.WinAsync(b, another.Name, 100_000);
        var retry = new MarkFeePaidRequest { Name = another.Name, RequestId = "pay-k3" };
        var once = await b.Referrals.MarkFeePaidAsync(retry);
        Assert.Equal(once, await b.Referrals.MarkFeePaidAsync(retry));
        Assert.Equal(35_000, (await BoardAsync(a)).Partners.Single().Sent.FeesPaidCents);
    }
}
