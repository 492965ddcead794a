namespace Viidakko.Grains.Tests.Cluster;

/// <summary>A receiver must not take a shared client as its own while the non-solicit window is open.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CustodyGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Receiver_cannot_register_a_client_it_was_just_referred()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var referral = await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"));

        var error = await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.ClientUnderCustody,
            () => n.AddClientAsync("beta", "oma-kahvila", "12345678"));
        Assert.Contains(referral.ReferralId, error.Message);
        Assert.Empty((await n.Firm("beta").ListClientsAsync(10, null)).Clients);

        // Nor by changing the business id of another client to the shared one.
        await n.AddClientAsync("beta", "muu", "7654321-0");
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.ClientUnderCustody,
            () => n.Firm("beta").UpdateClientAsync("muu", TestNetwork.Input("muu", "1234567-8"), [ClientFields.BusinessId]));
        Assert.StartsWith("bid:76543210|domain:", (await n.Client("beta", "muu").GetAsync()).NormalizedIdentity);
    }

    [Fact]
    public async Task Receiver_cannot_register_the_client_by_its_company_domain_or_vat_number_either()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8"); // e-mail at kahvila.example.fi
        await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"));

        // Same company e-mail domain, no business id at all.
        var byDomain = new ClientInput("Kahvila", "", new ClientContact("Someone", "other@KAHVILA.example.fi", "", ""), false, "");
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.ClientUnderCustody,
            () => n.Firm("beta").CreateClientAsync("kahvila-2", byDomain));
        // The Finnish VAT number form of the same business id.
        var byVat = new ClientInput("Kahvila", "FI12345678", new ClientContact("", "", "", ""), false, "");
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.ClientUnderCustody,
            () => n.Firm("beta").CreateClientAsync("kahvila-3", byVat));
        Assert.Empty((await n.Firm("beta").ListClientsAsync(10, null)).Clients);
    }

    [Fact]
    public async Task A_client_in_an_open_referral_cannot_be_marked_kept()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var referral = await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"));

        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, "CLIENT_BEING_REFERRED",
            () => n.Firm("alfa").UpdateClientAsync("kahvila", TestNetwork.Input("kahvila", "1234567-8", keep: true), [ClientFields.Keep]));
        Assert.False((await n.Client("alfa", "kahvila").GetAsync()).Keep);

        await n.Firm("alfa").ActOnReferralAsync(referral.ReferralId, TestNetwork.Action(ReferralActionType.Cancel));
        var kept = await n.Firm("alfa").UpdateClientAsync("kahvila", TestNetwork.Input("kahvila", "1234567-8", keep: true), [ClientFields.Keep]);
        Assert.True(kept.Keep);
    }

    [Fact]
    public async Task A_returned_need_carries_no_fee_for_the_custodians_own_client()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta", new PartnershipTerms(10m, 6, 12, []));
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var original = await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"));
        await n.Firm("beta").ActOnReferralAsync(original.ReferralId, TestNetwork.Action(ReferralActionType.Accept));

        var returned = await n.Firm("beta").ReturnNeedAsync(original.ReferralId, new Need(["marketing"], "Campaign", 0, 0, null), 3, "Yours", null);
        Assert.Equal(0m, returned.Terms.FeePercent);
        await n.Firm("alfa").ActOnReferralAsync(returned.ReferralId, TestNetwork.Action(ReferralActionType.Accept));
        await n.Firm("alfa").ActOnReferralAsync(returned.ReferralId, TestNetwork.Action(ReferralActionType.Start));
        var won = await n.Firm("alfa").ActOnReferralAsync(returned.ReferralId, TestNetwork.Action(ReferralActionType.Win, wonValueCents: 500_000, contractMonths: 1));
        Assert.Equal(0, won.FeeDueCents);
    }

    [Fact]
    public async Task Custody_outlasts_the_referral_for_the_non_solicit_months()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta", new PartnershipTerms(10m, 0, NonSolicitMonths: 12, []));
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var id = (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"))).ReferralId;

        var declined = await n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Decline));
        Assert.Equal(declined.UpdateTime.AddMonths(12), declined.CustodyUntil);
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.ClientUnderCustody,
            () => n.AddClientAsync("beta", "oma-kahvila", "12345678"));
    }

    [Fact]
    public async Task Custody_ends_with_the_referral_when_there_is_no_non_solicit_period()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta", new PartnershipTerms(10m, 0, NonSolicitMonths: 0, []));
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var id = (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"))).ReferralId;

        await n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Decline));
        var own = await n.AddClientAsync("beta", "oma-kahvila", "12345678");
        Assert.StartsWith("bid:12345678|domain:", own.NormalizedIdentity);
    }

    [Fact]
    public async Task Client_the_receiver_had_before_the_referral_is_its_own_business()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta", "gamma");
        await n.PartnerAsync("alfa", "beta");
        await n.PartnerAsync("beta", "gamma");
        await n.AddClientAsync("beta", "vanha", "1234567-8");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"));

        // Beta had this company before alfa shared it: beta may still refer its own client on.
        var onward = await n.Firm("beta").CreateReferralAsync(TestNetwork.Request("gamma", "vanha"));
        Assert.Equal(("beta", "gamma", "beta"), (onward.ReferrerFirmId, onward.ReceiverFirmId, onward.CustodianFirmId));
        var back = await n.Firm("beta").CreateReferralAsync(TestNetwork.Request("alfa", "vanha"));
        Assert.Equal(ReferralStatus.Proposed, back.Status);
    }

    [Fact]
    public async Task Receiver_cannot_pass_the_shared_client_on()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta", "gamma");
        await n.PartnerAsync("alfa", "beta");
        await n.PartnerAsync("beta", "gamma");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var referral = await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila", ReferralKind.Introduction));
        await n.Firm("beta").ActOnReferralAsync(referral.ReferralId, TestNetwork.Action(ReferralActionType.Accept));

        // The client stays in alfa's custody even after an accepted introduction: beta has no client to refer.
        await AssertDomain.ThrowsAsync(DomainErrorKind.NotFound, "NOT_FOUND",
            () => n.Firm("beta").CreateReferralAsync(TestNetwork.Request("gamma", "kahvila")));
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.ClientUnderCustody,
            () => n.AddClientAsync("beta", "kahvila", "1234567-8"));
        Assert.Empty(await n.ReferralIndexAsync("gamma"));
    }

    [Fact]
    public async Task Receiver_returns_a_need_to_the_custodian()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta", new PartnershipTerms(10m, 0, 12, ["accounting"]));
        var client = await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var original = await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"));
        var need = new Need(["web-design"], "They also need a new website", 200_000, 800_000, null);

        // Only from an accepted referral, and only by its receiver.
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
            () => n.Firm("beta").ReturnNeedAsync(original.ReferralId, need, 3, "not ours", null));
        await n.Firm("beta").ActOnReferralAsync(original.ReferralId, TestNetwork.Action(ReferralActionType.Accept));
        await AssertDomain.ThrowsAsync(DomainErrorKind.PermissionDenied, Reasons.WrongRole,
            () => n.Firm("alfa").ReturnNeedAsync(original.ReferralId, need, 3, "mine", null));

        // Out of the partnership's scope, and still allowed: the work goes back to the client's own firm.
        var returned = await n.Firm("beta").ReturnNeedAsync(original.ReferralId, need, 3, "not ours", null);
        Assert.Equal(("beta", "alfa", "alfa", "kahvila", original.ReferralId),
            (returned.ReferrerFirmId, returned.ReceiverFirmId, returned.CustodianFirmId, returned.ClientId, returned.ReturnedFromReferralId));
        Assert.Equal((ReferralKind.Referral, ReferralStatus.Proposed), (returned.Kind, returned.Status));
        Assert.Equal(ReferralEventType.NeedReturned, Assert.Single(returned.Timeline).Type);
        Assert.Null(returned.ClientContact);

        var atCustodian = await n.Referral(returned.ReferralId).GetAsync("alfa");
        Assert.Equal(client.Contact, atCustodian.ClientContact);
        Assert.Equal(["web-design"], atCustodian.Need.Skills);
        Assert.Contains(await n.ReferralIndexAsync("alfa", ReferralRole.Received), r => r.ReferralId == returned.ReferralId);
        Assert.Contains(await n.ReferralIndexAsync("beta", ReferralRole.Sent), r => r.ReferralId == returned.ReferralId);

        // The custodian is not blocked from its own client by the returned need.
        await n.Firm("alfa").ActOnReferralAsync(returned.ReferralId, TestNetwork.Action(ReferralActionType.Accept));
        await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"));
    }
}
