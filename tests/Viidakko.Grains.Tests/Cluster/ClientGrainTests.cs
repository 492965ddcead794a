namespace Viidakko.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ClientGrainTests(ClusterFixture fixture)
{
    private static readonly DateTime Yesterday = DateTime.UtcNow.AddDays(-1);

    [Fact]
    public async Task Created_client_is_listed_with_its_normalized_identity()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");

        var created = await n.AddClientAsync("alfa", "kahvila", " 1234567-8 ");
        Assert.Equal(("alfa", "kahvila", "bid:12345678|domain:kahvila.example.fi"), (created.FirmId, created.ClientId, created.NormalizedIdentity));
        Assert.Equal(DifficultyLevel.Unspecified, created.Difficulty.Level);

        var page = await n.Firm("alfa").ListClientsAsync(10, null);
        var listed = Assert.Single(page.Clients);
        Assert.Equal(("kahvila", "Client kahvila Oy", "bid:12345678|domain:kahvila.example.fi"), (listed.ClientId, listed.DisplayName, listed.NormalizedIdentity));
        Assert.Null(page.NextAfterClientId);
    }

    [Theory]
    [InlineData("12345678")]
    [InlineData("1234567-8")]
    public async Task Same_business_id_in_another_format_is_a_duplicate(string businessId)
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");

        var error = await AssertDomain.ThrowsAsync(DomainErrorKind.AlreadyExists, Reasons.DuplicateClient,
            () => n.AddClientAsync("alfa", "kahvila-2", businessId));
        Assert.Contains("kahvila", error.Message);
        Assert.Single((await n.Firm("alfa").ListClientsAsync(10, null)).Clients);
    }

    [Fact]
    public async Task Same_company_domain_without_business_id_is_a_duplicate()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        var contact = new ClientContact("Anna", "anna@leipomo.fi", "", "");
        await n.Firm("alfa").CreateClientAsync("leipomo", new ClientInput("Leipomo", "", contact, false, ""));

        await AssertDomain.ThrowsAsync(DomainErrorKind.AlreadyExists, Reasons.DuplicateClient,
            () => n.Firm("alfa").CreateClientAsync("leipomo-2", new ClientInput("Leipomo", "", contact with { Email = "pekka@leipomo.fi" }, false, "")));
    }

    [Fact]
    public async Task Same_client_id_twice_already_exists()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        await AssertDomain.ThrowsAsync(DomainErrorKind.AlreadyExists, "CLIENT_EXISTS",
            () => n.AddClientAsync("alfa", "kahvila", "7654321-0"));
    }

    [Fact]
    public async Task Other_firms_may_have_the_same_client()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var other = await n.AddClientAsync("beta", "kahvila", "1234567-8");
        Assert.StartsWith("bid:12345678|", other.NormalizedIdentity);
    }

    [Fact]
    public async Task Update_to_a_duplicate_identity_is_refused_and_changes_nothing()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        await n.AddClientAsync("alfa", "leipomo", "7654321-0");

        await AssertDomain.ThrowsAsync(DomainErrorKind.AlreadyExists, Reasons.DuplicateClient,
            () => n.Firm("alfa").UpdateClientAsync("leipomo", TestNetwork.Input("leipomo", "12345678"), [ClientFields.BusinessId]));
        Assert.StartsWith("bid:76543210|", (await n.Client("alfa", "leipomo").GetAsync()).NormalizedIdentity);

        var renamed = await n.Firm("alfa").UpdateClientAsync("leipomo", TestNetwork.Input("leipomo", "1111111-1"), [ClientFields.BusinessId]);
        Assert.StartsWith("bid:11111111|", renamed.NormalizedIdentity);
        // The old identity is free again.
        await n.AddClientAsync("alfa", "leipomo-2", "7654321-0");
    }

    [Fact]
    public async Task Kept_client_cannot_be_referred()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "paras", "1234567-8", keep: true);

        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.ClientKept,
            () => n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "paras")));
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.ClientKept,
            () => n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "paras", ReferralKind.Introduction)));
        Assert.Empty(await n.ReferralIndexAsync("alfa"));
        Assert.Empty(await n.ReferralIndexAsync("beta"));

        // Unkept, it can.
        await n.Firm("alfa").UpdateClientAsync("paras", TestNetwork.Input("paras", "1234567-8", keep: false), [ClientFields.Keep]);
        await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "paras"));
    }

    [Fact]
    public async Task Hassle_and_revenue_move_the_difficulty()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        await n.AddClientAsync("alfa", "vaativa", "1234567-8");
        var client = n.Client("alfa", "vaativa");

        await client.LogHassleAsync(HassleKind.Call, 180, "long call", Yesterday, null);
        await client.LogHassleAsync(HassleKind.AttitudeIncident, 120, "shouting", Yesterday, null);
        var d = (await client.GetAsync()).Difficulty;
        Assert.Equal((DifficultyLevel.High, 300, 0L), (d.Level, d.HassleMinutes, d.RevenueCents));

        // 5 hours against 1,000 €: still HIGH.
        await client.LogRevenueAsync(100_000, "invoice 1", Yesterday, null);
        d = (await client.GetAsync()).Difficulty;
        Assert.Equal((DifficultyLevel.High, 5.0), (d.Level, d.HassleHoursPerThousandEur));

        // 5 hours against 2,000 €: MEDIUM.
        await client.LogRevenueAsync(100_000, "invoice 2", Yesterday, null);
        d = (await client.GetAsync()).Difficulty;
        Assert.Equal((DifficultyLevel.Medium, 2.5), (d.Level, d.HassleHoursPerThousandEur));

        // 5 hours against 5,000 €: LOW.
        await client.LogRevenueAsync(300_000, "annual", Yesterday, null);
        d = (await client.GetAsync()).Difficulty;
        Assert.Equal((DifficultyLevel.Low, 1.0, 500_000L), (d.Level, d.HassleHoursPerThousandEur, d.RevenueCents));
        Assert.Equal([HassleKind.Call, HassleKind.AttitudeIncident], d.ByKind.Select(k => k.Kind));
    }

    [Fact]
    public async Task Retried_log_with_the_same_request_id_is_logged_once()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        await n.AddClientAsync("alfa", "vaativa", "1234567-8");
        var firm = n.Firm("alfa");
        var client = n.Client("alfa", "vaativa");
        var angry = Req("req-1", "LogHassle vaativa Email 30 angry mail");

        var first = await firm.LogHassleAsync("vaativa", HassleKind.Email, 30, "angry mail", Yesterday, angry);
        var retry = await firm.LogHassleAsync("vaativa", HassleKind.Email, 30, "angry mail", Yesterday, angry);
        Assert.Equal(first, retry);
        // The client grain recognises the retry by itself too.
        Assert.Equal(first, await client.LogHassleAsync(HassleKind.Email, 30, "angry mail", Yesterday, angry));
        await firm.LogHassleAsync("vaativa", HassleKind.Email, 30, "another", Yesterday, Req("req-2", "LogHassle vaativa Email 30 another"));

        var page = await client.ListHassleAsync(10, 0);
        Assert.Equal(2, page.Entries.Count);
        Assert.Equal(60, (await client.GetAsync()).Difficulty.HassleMinutes);

        var invoice = Req("req-3", "LogRevenue vaativa 50000 invoice");
        var revenue = await firm.LogRevenueAsync("vaativa", 50_000, "invoice", Yesterday, invoice);
        Assert.Equal(revenue, await firm.LogRevenueAsync("vaativa", 50_000, "invoice", Yesterday, invoice));
        Assert.Single((await client.ListRevenueAsync(10, 0)).Entries);
        Assert.Equal(50_000, (await client.GetAsync()).Difficulty.RevenueCents);

        // An id that logged hassle is bound to that log: it cannot log revenue.
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => firm.LogRevenueAsync("vaativa", 50_000, "invoice", Yesterday, Req("req-1", "LogRevenue vaativa 50000 invoice")));
        Assert.Single((await client.ListRevenueAsync(10, 0)).Entries);
    }

    [Fact]
    public async Task Log_without_request_id_is_a_new_entry_each_time()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        await n.AddClientAsync("alfa", "vaativa", "1234567-8");
        var client = n.Client("alfa", "vaativa");

        await client.LogHassleAsync(HassleKind.Call, 10, "call", Yesterday, null);
        await client.LogHassleAsync(HassleKind.Call, 10, "call", Yesterday, null);
        Assert.Equal(2, (await client.ListHassleAsync(10, 0)).Entries.Count);
    }
}
