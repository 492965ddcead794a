using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// PROPOSED → ACCEPTED | DECLINED | CANCELLED; ACCEPTED → IN_PROGRESS → WON | LOST. Everything else is
/// FAILED_PRECONDITION ILLEGAL_TRANSITION and changes nothing; the wrong party is PERMISSION_DENIED.
/// </summary>
public sealed class ReferralTransitionTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;
    private readonly ManualClock _clock = fixture.Clock;

    private enum Move { Accept, Decline, Cancel, Start, Win, Lose }

    private sealed record Parties(FirmApi Referrer, FirmApi Receiver);

    private async Task<Parties> SetUpAsync()
    {
        var networkId = await _hub.NewNetworkAsync("transitions");
        var referrer = await _hub.RegisterAsync(networkId, "referrer");
        var receiver = await _hub.RegisterAsync(networkId, "receiver");
        await Scenario.PartnerAsync(referrer, receiver, TestData.Terms(10));
        await referrer.CreateClientAsync("asiakas", "Asiakas Oy", businessId: "3333333-3");
        return new Parties(referrer, receiver);
    }

    /// <summary>Performs <paramref name="action"/> as the party whose move it is (or as <paramref name="actor"/>).</summary>
    private static AsyncUnaryCall<Referral> Do(Parties p, string name, Move action, FirmApi? actor = null)
    {
        var referrals = (actor ?? (action == Move.Cancel ? p.Referrer : p.Receiver)).Referrals;
        return action switch
        {
            Move.Accept => referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = name }),
            Move.Decline => referrals.DeclineReferralAsync(new DeclineReferralRequest { Name = name, Reason = DeclineReason.NoCapacity }),
            Move.Cancel => referrals.CancelReferralAsync(new CancelReferralRequest { Name = name }),
            Move.Start => referrals.StartReferralAsync(new StartReferralRequest { Name = name }),
            Move.Win => referrals.MarkReferralWonAsync(new MarkReferralWonRequest { Name = name, WonValueCents = 100_000 }),
            Move.Lose => referrals.MarkReferralLostAsync(new MarkReferralLostRequest { Name = name, Reason = LostReason.Price }),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
    }

    /// <summary>A fresh referral driven through <paramref name="path"/>.</summary>
    private static async Task<Referral> ReferralAfterAsync(Parties p, params Move[] path)
    {
        var referral = await Scenario.ReferAsync(p.Referrer, p.Receiver, "asiakas");
        foreach (var step in path)
        {
            referral = await Do(p, referral.Name, step);
        }

        return referral;
    }

    private static async Task AssertIllegalAsync(Parties p, Referral referral, params Move[] actions)
    {
        foreach (var action in actions)
        {
            var e = await Rpc.Fails(StatusCode.FailedPrecondition, () => Do(p, referral.Name, action));
            Assert.True(Rpc.Reason(e) == "ILLEGAL_TRANSITION", $"{action} from {referral.State}: reason {Rpc.Reason(e)}");
        }

        // Nothing moved: same state, same version, same timeline on both sides.
        var afterwards = await p.Referrer.GetReferralAsync(referral.Name);
        Assert.Equal(referral.State, afterwards.State);
        Assert.Equal(referral.Version, afterwards.Version);
        Assert.Equal(referral.Timeline.Count, afterwards.Timeline.Count);
        Assert.Equal(referral.State, (await p.Receiver.GetReferralAsync(referral.Name)).State);
    }

    [Fact]
    public async Task From_proposed_only_accept_decline_and_cancel_are_legal()
    {
        var p = await SetUpAsync();
        var proposed = await ReferralAfterAsync(p);

        await AssertIllegalAsync(p, proposed, Move.Start, Move.Win, Move.Lose);
    }

    [Fact]
    public async Task From_accepted_only_start_is_legal()
    {
        var p = await SetUpAsync();
        var accepted = await ReferralAfterAsync(p, Move.Accept);
        Assert.Equal(ReferralState.Accepted, accepted.State);

        await AssertIllegalAsync(p, accepted, Move.Accept, Move.Win, Move.Lose, Move.Cancel, Move.Decline);
    }

    [Fact]
    public async Task From_in_progress_only_win_and_lose_are_legal()
    {
        var p = await SetUpAsync();
        var inProgress = await ReferralAfterAsync(p, Move.Accept, Move.Start);
        Assert.Equal(ReferralState.InProgress, inProgress.State);

        await AssertIllegalAsync(p, inProgress, Move.Accept, Move.Decline, Move.Cancel, Move.Start);
    }

    [Fact]
    public async Task Nothing_moves_a_finished_referral()
    {
        var p = await SetUpAsync();
        var finished = new[]
        {
            await ReferralAfterAsync(p, Move.Accept, Move.Start, Move.Win),
            await ReferralAfterAsync(p, Move.Accept, Move.Start, Move.Lose),
            await ReferralAfterAsync(p, Move.Decline),
            await ReferralAfterAsync(p, Move.Cancel),
        };
        Assert.Equal(
            new[] { ReferralState.Won, ReferralState.Lost, ReferralState.Declined, ReferralState.Cancelled },
            finished.Select(r => r.State).ToArray());

        foreach (var referral in finished)
        {
            await AssertIllegalAsync(p, referral, Enum.GetValues<Move>());
        }
    }

    [Fact]
    public async Task Only_the_receiver_answers_and_only_the_referrer_cancels()
    {
        var p = await SetUpAsync();
        var proposed = await ReferralAfterAsync(p);

        foreach (var action in new[] { Move.Accept, Move.Decline })
        {
            await Rpc.Fails(StatusCode.PermissionDenied, "WRONG_ROLE", () => Do(p, proposed.Name, action, actor: p.Referrer));
        }

        await Rpc.Fails(StatusCode.PermissionDenied, "WRONG_ROLE", () => Do(p, proposed.Name, Move.Cancel, actor: p.Receiver));
        Assert.Equal(proposed.Version, (await p.Receiver.GetReferralAsync(proposed.Name)).Version);

        var inProgress = await ReferralAfterAsync(p, Move.Accept, Move.Start);
        foreach (var action in new[] { Move.Win, Move.Lose })
        {
            await Rpc.Fails(StatusCode.PermissionDenied, "WRONG_ROLE", () => Do(p, inProgress.Name, action, actor: p.Referrer));
        }

        Assert.Equal(ReferralState.InProgress, (await p.Referrer.GetReferralAsync(inProgress.Name)).State);
    }

    [Fact]
    public async Task An_unanswered_referral_expires_and_can_no_longer_be_answered()
    {
        var p = await SetUpAsync();
        var request = Scenario.ReferralRequest(p.Referrer, p.Receiver, "asiakas");
        request.Referral.ExpireTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(_clock.GetUtcNow().AddHours(2));
        var referral = await p.Referrer.Referrals.CreateReferralAsync(request);
        Assert.Equal(ReferralState.Proposed, referral.State);

        _clock.Advance(TimeSpan.FromHours(3));

        var listed = await p.Receiver.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = p.Receiver.Name, State = ReferralState.Expired });
        Assert.Equal(referral.Name, Assert.Single(listed.Referrals).Name);
        await Rpc.Fails(StatusCode.FailedPrecondition, "ILLEGAL_TRANSITION", () => Do(p, referral.Name, Move.Accept));
        await Rpc.Fails(StatusCode.FailedPrecondition, "ILLEGAL_TRANSITION", () => Do(p, referral.Name, Move.Cancel));

        var expired = await p.Referrer.GetReferralAsync(referral.Name);
        Assert.Equal(ReferralState.Expired, expired.State);
        var last = expired.Timeline[^1];
        Assert.Equal(ReferralEventType.Expired, last.Type);
        Assert.Equal("", last.Actor); // the hub itself
        Assert.Equal(expired.Timeline, (await p.Receiver.GetReferralAsync(referral.Name)).Timeline);
        Assert.NotNull(expired.CustodyUntil);
    }

    [Fact]
    public async Task Racing_answers_leave_exactly_one_winner_that_both_parties_see()
    {
        var p = await SetUpAsync();
        for (var round = 0; round < 5; round++)
        {
            var referral = await ReferralAfterAsync(p);
            var accept = Do(p, referral.Name, Move.Accept).ResponseAsync;
            var cancel = Do(p, referral.Name, Move.Cancel).ResponseAsync;
            var decline = Do(p, referral.Name, Move.Decline).ResponseAsync;
            var outcomes = new List<ReferralState>();
            foreach (var call in new[] { accept, cancel, decline })
            {
                try
                {
                    outcomes.Add((await call).State);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
                {
                    Assert.Equal("ILLEGAL_TRANSITION", Rpc.Reason(e));
                }
            }

            var winner = Assert.Single(outcomes);
            var forReferrer = await p.Referrer.GetReferralAsync(referral.Name);
            var forReceiver = await p.Receiver.GetReferralAsync(referral.Name);
            Assert.Equal(winner, forReferrer.State);
            Assert.Equal(winner, forReceiver.State);
            Assert.Equal(2, forReferrer.Timeline.Count);
            var sent = await p.Referrer.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = p.Referrer.Name, State = winner });
            var received = await p.Receiver.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = p.Receiver.Name, State = winner });
            Assert.Contains(sent.Referrals, r => r.Name == referral.Name && r.Version == forReferrer.Version);
            Assert.Contains(received.Referrals, r => r.Name == referral.Name && r.Version == forReferrer.Version);
        }
    }

    [Fact]
    public async Task Firms_proposing_to_each_other_at_once_end_up_agreeing()
    {
        var networkId = await _hub.NewNetworkAsync("crossing");
        for (var round = 0; round < 5; round++)
        {
            var a = await _hub.RegisterAsync(networkId, $"firm-a{round}");
            var b = await _hub.RegisterAsync(networkId, $"firm-b{round}");
            var fromA = a.Partnerships.ProposePartnershipAsync(new ProposePartnershipRequest { Parent = a.Name, Partner = b.Name, Terms = TestData.Terms(5) }).ResponseAsync;
            var fromB = b.Partnerships.ProposePartnershipAsync(new ProposePartnershipRequest { Parent = b.Name, Partner = a.Name, Terms = TestData.Terms(20) }).ResponseAsync;
            foreach (var call in new[] { fromA, fromB })
            {
                try
                {
                    await call;
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.AlreadyExists)
                {
                }
            }

            var aSide = await a.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = a.PartnershipWith(b) });
            var bSide = await b.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = b.PartnershipWith(a) });
            Assert.Equal(PartnershipState.Proposed, aSide.State);
            Assert.Equal(aSide.State, bSide.State);
            Assert.Equal(aSide.Proposer, bSide.Proposer);
            Assert.Equal(aSide.Terms, bSide.Terms);
            Assert.Equal(aSide.Version, bSide.Version);

            // Whoever is the proposer, the other one can accept, and both then agree it is active.
            var (proposer, invited) = aSide.Proposer == a.Name ? (a, b) : (b, a);
            await invited.Partnerships.AcceptPartnershipAsync(new AcceptPartnershipRequest { Name = invited.PartnershipWith(proposer) });
            var after = await proposer.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = proposer.PartnershipWith(invited) });
            Assert.Equal(PartnershipState.Active, after.State);
        }
    }

    [Fact]
    public async Task Partnership_answers_follow_the_handshake_rules()
    {
        var networkId = await _hub.NewNetworkAsync("handshake");
        var a = await _hub.RegisterAsync(networkId, "firm-a");
        var b = await _hub.RegisterAsync(networkId, "firm-b");
        await a.Partnerships.ProposePartnershipAsync(new ProposePartnershipRequest { Parent = a.Name, Partner = b.Name, Terms = TestData.Terms(5) });

        // The proposer cannot accept its own proposal; the invited firm cannot "withdraw" it.
        await Rpc.Fails(StatusCode.PermissionDenied, "WRONG_ROLE",
            () => a.Partnerships.AcceptPartnershipAsync(new AcceptPartnershipRequest { Name = a.PartnershipWith(b) }));
        await Rpc.Fails(StatusCode.FailedPrecondition, "ILLEGAL_TRANSITION",
            () => b.Partnerships.EndPartnershipAsync(new EndPartnershipRequest { Name = b.PartnershipWith(a) }));

        await b.Partnerships.AcceptPartnershipAsync(new AcceptPartnershipRequest { Name = b.PartnershipWith(a) });
        await Rpc.Fails(StatusCode.FailedPrecondition, "ILLEGAL_TRANSITION",
            () => b.Partnerships.AcceptPartnershipAsync(new AcceptPartnershipRequest { Name = b.PartnershipWith(a) }));
        await Rpc.Fails(StatusCode.AlreadyExists,
            () => a.Partnerships.ProposePartnershipAsync(new ProposePartnershipRequest { Parent = a.Name, Partner = b.Name, Terms = TestData.Terms(5) }));

        var ended = await a.Partnerships.EndPartnershipAsync(new EndPartnershipRequest { Name = a.PartnershipWith(b), Note = "Moving on" });
        Assert.Equal(PartnershipState.Ended, ended.State);
        var otherSide = await b.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = b.PartnershipWith(a) });
        Assert.Equal(PartnershipState.Ended, otherSide.State);
        Assert.Equal("Moving on", otherSide.StateNote);
        Assert.Equal(ended.Version, otherSide.Version);

        // No partnership, no referrals.
        await a.CreateClientAsync("asiakas", "Asiakas Oy");
        await Rpc.Fails(StatusCode.FailedPrecondition, "NOT_PARTNERS",
            () => a.Referrals.CreateReferralAsync(Scenario.ReferralRequest(a, b, "asiakas")));
    }

    [Fact]
    public async Task A_referral_to_a_suspended_partner_is_refused_and_leaves_nothing_behind()
    {
        var p = await SetUpAsync();
        await _hub.Admin.SetFirmSuspendedAsync(new SetFirmSuspendedRequest { Name = p.Receiver.Name, Suspended = true });

        await Rpc.Fails(StatusCode.FailedPrecondition, "FIRM_SUSPENDED",
            () => p.Referrer.Referrals.CreateReferralAsync(Scenario.ReferralRequest(p.Referrer, p.Receiver, "asiakas", requestId: "to-suspended")));

        Assert.Empty((await p.Referrer.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = p.Referrer.Name })).Referrals);
        Assert.Equal(0, (await p.Referrer.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = p.Referrer.PartnershipWith(p.Receiver) })).ReferralsSent);
        // Reinstated, the receiver has nothing waiting either.
        await _hub.Admin.SetFirmSuspendedAsync(new SetFirmSuspendedRequest { Name = p.Receiver.Name, Suspended = false });
        Assert.Empty((await p.Receiver.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = p.Receiver.Name })).Referrals);
    }
}
