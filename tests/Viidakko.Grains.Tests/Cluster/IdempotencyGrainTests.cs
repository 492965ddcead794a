namespace Viidakko.Grains.Tests.Cluster;

/// <summary>AIP-155 request ids on referral creation, and errors as callers receive them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class IdempotencyGrainTests(ClusterFixture fixture)
{
    private async Task<TestNetwork> PartnersWithClientAsync()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        await n.AddClientAsync("beta", "leipomo", "7654321-0");
        return n;
    }

    [Fact]
    public async Task A_request_id_reused_for_another_client_or_partner_is_refused()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta", "gamma");
        await n.Firm("alfa").CreateClientAsync("kahvila", TestNetwork.Input("kahvila", "1234567-8"), "req-c");
        // The same request again is a retry...
        Assert.Equal("kahvila", (await n.Firm("alfa").CreateClientAsync("kahvila", TestNetwork.Input("kahvila", "1234567-8"), "req-c")).ClientId);
        // ...but the same id for another client is a mistake, and nothing is created.
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("alfa").CreateClientAsync("leipomo", TestNetwork.Input("leipomo", "7654321-0"), "req-c"));
        Assert.Single((await n.Firm("alfa").ListClientsAsync(10, null)).Clients);

        await n.Firm("alfa").ProposePartnershipAsync("beta", TestNetwork.DefaultTerms, "", "req-p");
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("alfa").ProposePartnershipAsync("gamma", TestNetwork.DefaultTerms, "", "req-p"));
        Assert.Single((await n.Firm("alfa").ListPartnershipsAsync(null, 10, null)).Partnerships);
    }

    [Fact]
    public async Task Retried_create_with_the_same_request_id_returns_the_same_referral()
    {
        var n = await PartnersWithClientAsync();
        var request = TestNetwork.Request("beta", "kahvila", requestId: "8a2f0c6e-1b7d-4c55-9e0a-3f6d2b1c9e77");

        var first = await n.Firm("alfa").CreateReferralAsync(request);
        var retry = await n.Firm("alfa").CreateReferralAsync(request);

        Assert.Equal(first.ReferralId, retry.ReferralId);
        Assert.Equal((first.Version, first.CreateTime), (retry.Version, retry.CreateTime));
        Assert.Single(await n.ReferralIndexAsync("alfa"));
        Assert.Single(await n.ReferralIndexAsync("beta"));
        Assert.Equal(1, (await n.Firm("beta").GetPartnershipAsync("alfa")).ReferralsReceived);
    }

    [Fact]
    public async Task Retry_after_the_referral_moved_on_returns_it_as_it_is_now()
    {
        var n = await PartnersWithClientAsync();
        var request = TestNetwork.Request("beta", "kahvila", requestId: "req-moved");
        var first = await n.Firm("alfa").CreateReferralAsync(request);
        await n.Referral(first.ReferralId).ApplyAsync("beta", TestNetwork.Action(ReferralActionType.Accept));

        var retry = await n.Firm("alfa").CreateReferralAsync(request);
        Assert.Equal((first.ReferralId, ReferralStatus.Accepted, 2L), (retry.ReferralId, retry.Status, retry.Version));
        var entry = Assert.Single(await n.ReferralIndexAsync("alfa"));
        Assert.Equal((ReferralStatus.Accepted, 2L), (entry.Status, entry.Version));
    }

    [Fact]
    public async Task Retry_completes_a_create_whose_receiver_could_not_be_told()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        // Alfa holds an active half with a firm that does not exist yet, so the first create stores
        // the referral and then fails to reach its receiver.
        var now = DateTime.UtcNow;
        await n.Firm("alfa").OnPartnershipChangedAsync(new PartnershipChange(
            "myohassa", PartnershipStatus.Active, "myohassa", TestNetwork.DefaultTerms, "", "", "myohassa", 2, now, now));
        var request = TestNetwork.Request("myohassa", "kahvila", requestId: "req-late");

        await AssertDomain.ThrowsAsync(DomainErrorKind.NotFound, "NOT_FOUND", () => n.Firm("alfa").CreateReferralAsync(request));
        await n.RegisterFirmAsync("myohassa");

        var retry = await n.Firm("alfa").CreateReferralAsync(request);
        Assert.Equal(retry.ReferralId, Assert.Single(await n.ReferralIndexAsync("myohassa")).ReferralId);
        Assert.Equal(retry.ReferralId, Assert.Single(await n.ReferralIndexAsync("alfa")).ReferralId);
    }

    [Theory]
    [InlineData("note")]
    [InlineData("client")]
    [InlineData("skills")]
    [InlineData("kind")]
    [InlineData("terms fee")]
    [InlineData("terms scope")]
    public async Task Same_request_id_for_a_different_request_is_refused(string difference)
    {
        var n = await PartnersWithClientAsync();
        await n.AddClientAsync("alfa", "toinen", "1111111-1");
        var original = TestNetwork.Request("beta", "kahvila", requestId: "req-1", termsOverride: new PartnershipTerms(10m, 6, 12, ["accounting"]));
        var first = await n.Firm("alfa").CreateReferralAsync(original);

        var changed = difference switch
        {
            "note" => original with { Note = "Something else" },
            "client" => original with { ClientId = "toinen" },
            "skills" => original with { Need = original.Need with { Skills = ["payroll"] } },
            "kind" => original with { Kind = ReferralKind.Introduction },
            "terms fee" => original with { TermsOverride = original.TermsOverride! with { FeePercent = 20m } },
            "terms scope" => original with { TermsOverride = original.TermsOverride! with { Scope = ["payroll"] } },
            _ => throw new ArgumentOutOfRangeException(nameof(difference)),
        };

        var error = await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("alfa").CreateReferralAsync(changed));
        Assert.Equal("request_id", Assert.Single(error.Violations).Field);

        var entry = Assert.Single(await n.ReferralIndexAsync("alfa"));
        Assert.Equal(first.ReferralId, entry.ReferralId);
        Assert.Equal("kahvila", (await n.Referral(first.ReferralId).GetAsync("alfa")).ClientId);
    }

    [Fact]
    public async Task Request_ids_belong_to_the_firm_that_sent_them()
    {
        var n = await PartnersWithClientAsync();
        var fromAlfa = await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila", requestId: "same"));
        var fromBeta = await n.Firm("beta").CreateReferralAsync(TestNetwork.Request("alfa", "leipomo", requestId: "same"));

        Assert.NotEqual(fromAlfa.ReferralId, fromBeta.ReferralId);
        Assert.Equal(2, (await n.ReferralIndexAsync("alfa")).Count);
    }

    [Fact]
    public async Task Creates_without_request_id_are_separate_referrals()
    {
        var n = await PartnersWithClientAsync();
        var request = TestNetwork.Request("beta", "kahvila");
        var first = await n.Firm("alfa").CreateReferralAsync(request);
        var second = await n.Firm("alfa").CreateReferralAsync(request);

        Assert.NotEqual(first.ReferralId, second.ReferralId);
        Assert.Equal(2, (await n.ReferralIndexAsync("beta")).Count);
    }

    [Fact]
    public async Task Domain_error_crosses_the_grain_boundary_whole()
    {
        var n = await PartnersWithClientAsync();
        await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila", requestId: "req-x"));

        // Thrown by the referral grain, passed through the firm grain, caught by the client.
        var error = await Assert.ThrowsAsync<DomainException>(
            () => n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila", note: "changed", requestId: "req-x")));

        Assert.Equal(DomainErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(Reasons.RequestIdReused, error.Reason);
        Assert.Equal("This request_id was already used for a different referral.", error.Message);
        var violation = Assert.Single(error.Violations);
        Assert.Equal(new FieldViolation("request_id", "already used for a different request"), violation);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public async Task Domain_error_from_the_called_grain_itself_keeps_its_fields()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        var error = await Assert.ThrowsAsync<DomainException>(
            () => n.Firm("alfa").ProposePartnershipAsync("alfa", TestNetwork.DefaultTerms, "me"));

        Assert.Equal((DomainErrorKind.InvalidArgument, "INVALID_ARGUMENT"), (error.Kind, error.Reason));
        Assert.Equal([new FieldViolation("partner", "a firm cannot partner with itself")], error.Violations);
        Assert.Equal("partner: a firm cannot partner with itself", error.Message);
    }
}
