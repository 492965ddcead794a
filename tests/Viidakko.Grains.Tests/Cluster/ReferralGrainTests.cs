namespace Viidakko.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ReferralGrainTests(ClusterFixture fixture)
{
    private static readonly DateTime Yesterday = DateTime.UtcNow.AddDays(-1);

    [Fact]
    public async Task A_firm_told_to_deactivate_while_it_acts_on_a_referral_still_gets_its_answer_and_keeps_the_change()
    {
        // A draining silo deactivates a firm that waits on a referral. The referral grain answers the
        // acting firm instead of calling it back (a deactivating firm takes no new calls until its
        // running one ends, so a call back would wait out the response timeout and leave the firm's
        // list behind the referral).
        var (n, id) = await ProposedAsync();

        var accepted = await n.Firm("beta")
            .ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Accept, note: DeactivateActorFilter.Note))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ReferralStatus.Accepted, accepted.Status);
        // Beta's new activation reads what the old one wrote; alfa was told.
        Assert.Equal(ReferralStatus.Accepted, Assert.Single(await n.ReferralIndexAsync("beta")).Status);
        Assert.Equal(ReferralStatus.Accepted, Assert.Single(await n.ReferralIndexAsync("alfa")).Status);
    }

    [Fact]
    public async Task When_the_other_party_cannot_be_told_the_actor_is_answered_and_a_reminder_tells_it()
    {
        // The change is stored first; a failed call to the other firm leaves a durable reminder, not
        // an error that only the actor's retry would repair.
        var (n, id) = await ProposedAsync(note: UnreachablePartyFilter.Note);

        var accepted = await n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Accept));

        Assert.Equal(ReferralStatus.Accepted, accepted.Status);
        Assert.Equal(ReferralStatus.Accepted, Assert.Single(await n.ReferralIndexAsync("beta")).Status);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await n.ReferralIndexAsync("alfa")).Single().Status != ReferralStatus.Accepted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(ReferralStatus.Accepted, Assert.Single(await n.ReferralIndexAsync("alfa")).Status);
    }

    /// <summary>Alfa and beta partners, and alfa's referral of its client to beta, proposed.</summary>
    private async Task<(TestNetwork Network, string ReferralId)> ProposedAsync(string note = "Worth a call")
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        return (n, (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila", note: note))).ReferralId);
    }

    [Fact]
    public async Task Referral_needs_an_active_partnership()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");

        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.NotPartners,
            () => n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila")));

        await n.Firm("alfa").ProposePartnershipAsync("beta", TestNetwork.DefaultTerms, "Hello");
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.NotPartners,
            () => n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila")));

        await n.Firm("beta").AcceptPartnershipAsync("alfa", "ok");
        await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"));

        await n.Firm("beta").EndPartnershipAsync("alfa", "bye");
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.NotPartners,
            () => n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila")));
        Assert.Single(await n.ReferralIndexAsync("beta"));
    }

    [Fact]
    public async Task Referral_outside_the_agreed_scope_is_refused()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta", new PartnershipTerms(10m, 0, 12, ["accounting"]));
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");

        var error = await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.OutOfScope,
            () => n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila", skills: ["accounting", "payroll"])));
        Assert.Contains("payroll", error.Message);
        Assert.DoesNotContain("accounting", error.Message);

        var inScope = await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila", skills: ["accounting"]));
        Assert.Equal(ReferralStatus.Proposed, inScope.Status);
    }

    [Fact]
    public async Task Firm_cannot_refer_to_itself_or_an_unknown_client()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");

        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, "INVALID_ARGUMENT",
            () => n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("alfa", "kahvila")));
        await AssertDomain.ThrowsAsync(DomainErrorKind.NotFound, "NOT_FOUND",
            () => n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "nobody")));
    }

    [Fact]
    public async Task Referral_from_proposal_to_won_carries_disclosure_and_fee_to_both_firms()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta", new PartnershipTerms(10m, 6, 12, []));
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        // 3 hours against 1,000 €: MEDIUM.
        await n.Client("alfa", "kahvila").LogHassleAsync(HassleKind.Meeting, 180, "", Yesterday, null);
        await n.Client("alfa", "kahvila").LogRevenueAsync(100_000, "", Yesterday, null);

        var created = await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"));
        Assert.Equal((ReferralStatus.Proposed, "alfa", "beta", "alfa", 1L),
            (created.Status, created.ReferrerFirmId, created.ReceiverFirmId, created.CustodianFirmId, created.Version));
        Assert.Equal(("Client kahvila Oy", DifficultyLevel.Medium, 3.0),
            (created.Disclosure.ClientDisplayName, created.Disclosure.Difficulty.Level, created.Disclosure.Difficulty.HassleHoursPerThousandEur));
        PartnershipGrainTests.AssertSameTerms(new PartnershipTerms(10m, 6, 12, []), created.Terms);
        Assert.Null(created.CustodyUntil);

        // The receiver sees the honest facts before it answers, but not the contact details.
        var id = created.ReferralId;
        var seenByReceiver = await n.Referral(id).GetAsync("beta");
        Assert.Equal(DifficultyLevel.Medium, seenByReceiver.Disclosure.Difficulty.Level);
        Assert.Equal(180, seenByReceiver.Disclosure.Difficulty.HassleMinutes);
        Assert.Null(seenByReceiver.ClientContact);

        await n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Accept));
        await n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Start));
        var won = await n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Win, wonValueCents: 1_200_000, contractMonths: 12));

        // 10 % of 12,000 € over 12 months, fee on at most 6 months: 600 €.
        Assert.Equal((ReferralStatus.Won, 60_000L, 1_200_000L, 12, 4L), (won.Status, won.FeeDueCents, won.WonValueCents, won.ContractMonths, won.Version));
        Assert.Equal(
            [ReferralEventType.Created, ReferralEventType.Accepted, ReferralEventType.Started, ReferralEventType.Won],
            won.Timeline.Select(e => e.Type));
        Assert.Equal(["alfa", "beta", "beta", "beta"], won.Timeline.Select(e => e.ActorFirmId));
        Assert.NotNull(won.CustodyUntil);

        var seenByReferrer = await n.Referral(id).GetAsync("alfa");
        Assert.Equal((ReferralStatus.Won, 60_000L), (seenByReferrer.Status, seenByReferrer.FeeDueCents));

        var referrerSide = await n.Firm("alfa").GetPartnershipAsync("beta");
        var receiverSide = await n.Firm("beta").GetPartnershipAsync("alfa");
        Assert.Equal((60_000L, 0L, 1, 0), (referrerSide.FeesOwedToFirmCents, referrerSide.FeesOwedByFirmCents, referrerSide.ReferralsSent, referrerSide.ReferralsReceived));
        Assert.Equal((0L, 60_000L, 0, 1), (receiverSide.FeesOwedToFirmCents, receiverSide.FeesOwedByFirmCents, receiverSide.ReferralsSent, receiverSide.ReferralsReceived));

        foreach (var firm in new[] { "alfa", "beta" })
        {
            var entry = Assert.Single(await n.ReferralIndexAsync(firm));
            Assert.Equal((id, ReferralStatus.Won, 60_000L, 4L), (entry.ReferralId, entry.Status, entry.FeeDueCents, entry.Version));
        }
    }

    [Fact]
    public async Task Lost_and_declined_referrals_owe_no_fee()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");

        var lost = await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"));
        await n.Firm("beta").ActOnReferralAsync(lost.ReferralId, TestNetwork.Action(ReferralActionType.Accept));
        await n.Firm("beta").ActOnReferralAsync(lost.ReferralId, TestNetwork.Action(ReferralActionType.Start));
        var lostView = await n.Firm("beta").ActOnReferralAsync(lost.ReferralId, TestNetwork.Action(ReferralActionType.Lose) with { LostReason = LostReason.Price });
        Assert.Equal((ReferralStatus.Lost, LostReason.Price, 0L), (lostView.Status, lostView.LostReason, lostView.FeeDueCents));

        var declined = await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"));
        var declinedView = await n.Firm("beta").ActOnReferralAsync(declined.ReferralId, TestNetwork.Action(ReferralActionType.Decline) with { DeclineReason = DeclineReason.NoCapacity });
        Assert.Equal((ReferralStatus.Declined, DeclineReason.NoCapacity), (declinedView.Status, declinedView.DeclineReason));

        Assert.Equal(0L, (await n.Firm("beta").GetPartnershipAsync("alfa")).FeesOwedByFirmCents);
        Assert.Equal(2, (await n.Firm("beta").GetPartnershipAsync("alfa")).ReferralsReceived);
    }

    [Fact]
    public async Task Only_the_right_party_acts_and_the_referrer_may_cancel()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var id = (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"))).ReferralId;

        await AssertDomain.ThrowsAsync(DomainErrorKind.PermissionDenied, Reasons.WrongRole,
            () => n.Firm("alfa").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Accept)));
        await AssertDomain.ThrowsAsync(DomainErrorKind.PermissionDenied, Reasons.WrongRole,
            () => n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Cancel)));
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
            () => n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Win, 100_000, 1)));

        var cancelled = await n.Firm("alfa").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Cancel));
        Assert.Equal((ReferralStatus.Cancelled, 2L), (cancelled.Status, cancelled.Version));
        Assert.Equal(ReferralStatus.Cancelled, Assert.Single(await n.ReferralIndexAsync("beta")).Status);
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
            () => n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Accept)));
    }

    [Fact]
    public async Task Retried_action_with_the_same_request_id_is_applied_once()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var id = (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"))).ReferralId;

        var accept = Req("acc-1", $"Accept {id}");
        var first = await n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Accept, request: accept));
        var retry = await n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Accept, request: accept));
        Assert.Equal((ReferralStatus.Accepted, first.Version), (retry.Status, retry.Version));
        Assert.Equal(2, retry.Timeline.Count);

        // The referral grain binds the id to the action too: another action with it is refused.
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Start, request: Req("acc-1", $"Start {id}"))));
        Assert.Equal(ReferralStatus.Accepted, (await n.Referral(id).GetAsync("beta")).Status);
    }

    [Fact]
    public async Task Introduction_reveals_the_contact_to_the_receiver_only_once_accepted()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        var client = await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var id = (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila", ReferralKind.Introduction))).ReferralId;

        Assert.Null((await n.Referral(id).GetAsync("beta")).ClientContact);
        Assert.Equal(client.Contact, (await n.Referral(id).GetAsync("alfa")).ClientContact);

        var accepted = await n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Accept));
        Assert.Equal(client.Contact, accepted.ClientContact);
        Assert.Equal(client.Contact, (await n.Referral(id).GetAsync("beta")).ClientContact);
    }

    [Fact]
    public async Task Referral_never_reveals_the_contact_to_the_receiver()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        var client = await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var id = (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila", ReferralKind.Referral))).ReferralId;

        Assert.Null((await n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Accept))).ClientContact);
        Assert.Null((await n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Start))).ClientContact);
        Assert.Null((await n.Referral(id).GetAsync("beta")).ClientContact);
        Assert.Equal(client.Contact, (await n.Referral(id).GetAsync("alfa")).ClientContact);
    }

    [Fact]
    public async Task Non_party_cannot_tell_that_the_referral_exists()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta", "gamma");
        await n.PartnerAsync("alfa", "beta");
        await n.PartnerAsync("alfa", "gamma");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var id = (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"))).ReferralId;

        var notParty = await AssertDomain.ThrowsAsync(DomainErrorKind.NotFound, "NOT_FOUND", () => n.Referral(id).GetAsync("gamma"));
        var missing = await AssertDomain.ThrowsAsync(DomainErrorKind.NotFound, "NOT_FOUND", () => n.Referral("r-none").GetAsync("gamma"));
        Assert.Equal(missing.Message, notParty.Message);
        await AssertDomain.ThrowsAsync(DomainErrorKind.NotFound, "NOT_FOUND",
            () => n.Firm("gamma").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Accept)));
        Assert.Empty(await n.ReferralIndexAsync("gamma"));
        Assert.Equal(ReferralStatus.Proposed, (await n.Referral(id).GetAsync("beta")).Status);
    }
}
