using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// No sequence of calls lets a firm find out whether another firm has a given client. The probe:
/// register a competitor's client (its public business id, its VAT form, its e-mail domain) and run
/// the same match with and without it, before and after the competitor has that client.
/// </summary>
public sealed class ClientPrivacyTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;

    private sealed record Network(FirmApi Prober, FirmApi Holder, FirmApi Other, FirmApi Third);

    private async Task<Network> SetUpAsync()
    {
        var networkId = await _hub.NewNetworkAsync("privacy");
        var prober = await _hub.RegisterAsync(networkId, "utelias", TestData.Plain("Utelias Oy", "marketing"));
        var holder = await _hub.RegisterAsync(networkId, "haltija", TestData.Plain("Haltija Oy", "web"));
        var other = await _hub.RegisterAsync(networkId, "toinen", TestData.Plain("Toinen Oy", "web"));
        var third = await _hub.RegisterAsync(networkId, "kolmas", TestData.Plain("Kolmas Oy", "web"));
        await Scenario.PartnerAsync(prober, holder, TestData.Terms(10));
        await Scenario.PartnerAsync(prober, other, TestData.Terms(10));
        await prober.CreateClientAsync("tavallinen", "Tavallinen Oy", businessId: "7777777-7");
        return new Network(prober, holder, other, third);
    }

    private static async Task<string> MatchAsync(FirmApi caller, string? clientId)
    {
        var request = new MatchPartnersRequest { Parent = caller.Name, Skills = { new SkillRequirement { Skill = "web" } }, City = "Turku" };
        if (clientId is not null)
        {
            request.Client = caller.Client(clientId);
        }

        var response = await caller.Matches.MatchPartnersAsync(request);
        // Everything a caller can read from the answer, but for the client's name in the request.
        return string.Join("\n", response.Candidates.Select(c => $"{c.Firm} {c.Score} {string.Join("|", c.Breakdown.Select(p => $"{p.Name}:{p.Score}:{p.Explanation}"))}"))
            + $"\ntotal {response.TotalSize}\n" + string.Join("\n", response.Exclusions.Select(e => $"{e.Reason} {e.Firm} {e.Explanation}"));
    }

    [Theory]
    [InlineData("1234567-8", "")]             // the business id as the holder wrote it
    [InlineData("FI12345678", "")]            // its VAT form
    [InlineData("", "ceo@kohdeyritys.fi")]    // its company e-mail domain
    public async Task A_match_is_the_same_whatever_other_firms_hold(string businessId, string email)
    {
        var n = await SetUpAsync();
        await n.Prober.CreateClientAsync("koetin", "Koetin", businessId: businessId, email: email);
        var before = (Plain: await MatchAsync(n.Prober, "tavallinen"), Probe: await MatchAsync(n.Prober, "koetin"), None: await MatchAsync(n.Prober, null));

        // The holder takes on the company as its own client.
        await n.Holder.CreateClientAsync("kohde", "Kohdeyritys Oy", businessId: "1234567-8", email: "info@kohdeyritys.fi");
        await Outcomes.RepublishAsync(n.Holder);

        var after = (Plain: await MatchAsync(n.Prober, "tavallinen"), Probe: await MatchAsync(n.Prober, "koetin"), None: await MatchAsync(n.Prober, null));
        Assert.Equal(before, after);
        Assert.Equal(after.Plain, after.Probe);
        Assert.Equal(after.None, after.Probe);
        Assert.Contains(n.Holder.Name, after.Probe, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_referral_of_the_receivers_own_client_is_told_to_the_receiver_only()
    {
        var n = await SetUpAsync();
        await n.Holder.CreateClientAsync("kohde", "Kohdeyritys Oy", businessId: "1234567-8");
        await n.Prober.CreateClientAsync("sama", "Sama yritys", businessId: "FI12345678");

        var referral = await Scenario.ReferAsync(n.Prober, n.Holder, "sama");

        Assert.False(referral.AlreadyReceiversClient);
        Assert.False((await n.Prober.GetReferralAsync(referral.Name)).AlreadyReceiversClient);
        Assert.True((await n.Holder.GetReferralAsync(referral.Name)).AlreadyReceiversClient);
        Assert.False(Assert.Single(await ListAsync(n.Prober)).AlreadyReceiversClient);
        Assert.True(Assert.Single(await ListAsync(n.Holder)).AlreadyReceiversClient);
        // The referrer's ledger counts what it sent; the receiver's does not count its own client as received.
        Assert.Equal(1, (await LedgerAsync(n.Prober, n.Holder)).Sent.Referrals);
        Assert.Equal(0, (await LedgerAsync(n.Holder, n.Prober)).Received.Referrals);

        // The receiver says so: now the referrer knows, and it counts on neither side.
        var declined = await n.Holder.Referrals.DeclineReferralAsync(new DeclineReferralRequest
        {
            Name = referral.Name, Reason = DeclineReason.AlreadyOurClient, Note = "They are ours already.",
        });
        Assert.Equal(DeclineReason.AlreadyOurClient, declined.DeclineReason);
        var seen = await n.Prober.GetReferralAsync(referral.Name);
        Assert.True(seen.AlreadyReceiversClient);
        Assert.Equal(DeclineReason.AlreadyOurClient, seen.DeclineReason);
        Assert.Equal(0, (await LedgerAsync(n.Prober, n.Holder)).Sent.Referrals);
    }

    [Fact]
    public async Task Accepting_the_receivers_own_client_shows_it_and_no_fee_is_due()
    {
        var n = await SetUpAsync();
        await n.Other.CreateClientAsync("kohde", "Kohdeyritys Oy", email: "ceo@kohdeyritys.fi");
        await n.Prober.CreateClientAsync("sama", "Sama yritys", email: "myynti@kohdeyritys.fi");
        var referral = await Scenario.ReferAsync(n.Prober, n.Other, "sama");

        await n.Other.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = referral.Name });
        Assert.True((await n.Prober.GetReferralAsync(referral.Name)).AlreadyReceiversClient);
        await Outcomes.WinAsync(n.Other, referral.Name, 5_000_000, alreadyAccepted: true);

        var won = await n.Prober.GetReferralAsync(referral.Name);
        Assert.Equal((ReferralState.Won, 0L), (won.State, won.FeeDueCents));
        Assert.Equal(0, (await LedgerAsync(n.Prober, n.Other)).Sent.Referrals);
    }

    [Fact]
    public async Task A_client_the_receiver_does_not_have_is_an_ordinary_referral()
    {
        var n = await SetUpAsync();
        var referral = await Scenario.ReferAsync(n.Prober, n.Holder, "tavallinen");
        Assert.False((await n.Holder.GetReferralAsync(referral.Name)).AlreadyReceiversClient);
        await Outcomes.WinAsync(n.Holder, referral.Name, 1_000_000);
        Assert.True((await n.Prober.GetReferralAsync(referral.Name)).FeeDueCents > 0);
        Assert.Equal(1, (await LedgerAsync(n.Holder, n.Prober)).Received.Referrals);
    }

    [Theory]
    [InlineData("1234567-8", "")]
    [InlineData("FI12345678", "")]
    [InlineData("", "myynti@kohdeyritys.fi")]
    public async Task Registering_a_client_another_firm_holds_is_allowed_and_says_nothing(string businessId, string email)
    {
        var n = await SetUpAsync();
        await n.Holder.CreateClientAsync("kohde", "Kohdeyritys Oy", businessId: "1234567-8", email: "info@kohdeyritys.fi");

        // The same company, and one no firm has: the two answers differ only where the requests do.
        var held = await n.Prober.CreateClientAsync("sama", "Sama", businessId: businessId, email: email);
        var fresh = await n.Prober.CreateClientAsync("uusi", "Sama", businessId: businessId == "" ? "" : "7654321-0", email: email == "" ? "" : "myynti@tuntematon.fi");
        static string Shape(Client original)
        {
            var c = original.Clone();
            c.Name = ""; c.BusinessId = ""; c.NormalizedIdentity = ""; c.Contact.Email = ""; c.CreateTime = null; c.UpdateTime = null;
            return c.ToString();
        }

        Assert.Equal(Shape(fresh), Shape(held));
        Assert.Equal(2, (await n.Prober.Clients.ListClientsAsync(new ListClientsRequest { Parent = n.Prober.Name })).Clients.Count(c => c.DisplayName == "Sama"));
    }

    private static async Task<IReadOnlyList<Referral>> ListAsync(FirmApi firm) =>
        (await firm.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = firm.Name })).Referrals;

    private static async Task<PartnerLedger> LedgerAsync(FirmApi firm, FirmApi partner) =>
        (await firm.Partnerships.GetScoreboardAsync(new GetScoreboardRequest { Parent = firm.Name })).Partners.Single(p => p.Partner == partner.Name);
}
