using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// Bad input is INVALID_ARGUMENT with a google.rpc.BadRequest naming each bad field, and a call that
/// fails validation writes nothing.
/// </summary>
public sealed class ValidationTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;

    private static readonly string TooLong2000 = new('x', 2001);

    private static FieldMask Mask(params string[] paths)
    {
        var mask = new FieldMask();
        mask.Paths.AddRange(paths);
        return mask;
    }

    [Fact]
    public async Task Networks_with_bad_ids_or_names_are_not_created()
    {
        foreach (var badId in new[] { "Turku", "turku region", "-turku", "turku_", new string('a', 64) })
        {
            await Rpc.Invalid(() => _hub.Admin.CreateNetworkAsync(new CreateNetworkRequest
            {
                NetworkId = badId,
                Network = new Network { DisplayName = "Turku" },
            }), "network_id");
        }

        var id = TestData.UniqueId("valid");
        await Rpc.Invalid(() => _hub.Admin.CreateNetworkAsync(new CreateNetworkRequest { NetworkId = id, Network = new Network { DisplayName = "  " } }), "network.display_name");
        await Rpc.Invalid(() => _hub.Admin.CreateNetworkAsync(new CreateNetworkRequest { NetworkId = id }), "network.display_name");
        await Rpc.Fails(StatusCode.NotFound, () => _hub.Admin.GetNetworkAsync(new GetNetworkRequest { Name = $"networks/{id}" }));
        await Rpc.Invalid(() => _hub.Admin.GetNetworkAsync(new GetNetworkRequest { Name = "networks/Turku" }), "name");

        // Nothing was half-made: the id is still free.
        await _hub.Admin.CreateNetworkAsync(new CreateNetworkRequest { NetworkId = id, Network = new Network { DisplayName = "Turku" } });
    }

    [Fact]
    public async Task Firms_with_bad_profiles_are_not_registered()
    {
        var networkId = await _hub.NewNetworkAsync("validation");
        var parent = $"networks/{networkId}";

        Task<BadRequest> Register(string firmId, Action<Firm> spoil, params string[] fields)
        {
            var firm = TestData.Bitti();
            spoil(firm);
            return Rpc.Invalid(() => _hub.Admin.RegisterFirmAsync(new RegisterFirmRequest { Parent = parent, FirmId = firmId, Firm = firm }), fields);
        }

        await Register("Bittipaja", _ => { }, "firm_id");
        await Register("bitti paja", _ => { }, "firm_id");
        await Register("", _ => { }, "firm_id");
        await Register("bittipaja", f => f.DisplayName = "", "firm.display_name");
        await Register("bittipaja", f => f.Capabilities[0].Skill = "Basic IT", "firm.capabilities[0].skill");
        await Register("bittipaja", f => f.Capabilities[1].Level = 6, "firm.capabilities[1].level");
        await Register("bittipaja", f => f.Capabilities.Add(new Capability { Skill = "basic-it", Level = 1 }), "firm.capabilities");
        await Register("bittipaja", f => f.Traits.Add("Marketing Minded"), "firm.traits[2]");
        await Register("bittipaja", f => f.Description = TooLong2000, "firm.description");
        await Register("bittipaja", f => f.People[0].Email = "not-an-email", "firm.people[0].email");
        await Register("bittipaja", f => f.NextFreeDate = "15.1.2031", "firm.next_free_date");
        // Every problem at once, not one per round trip.
        await Register("Bittipaja", f => { f.DisplayName = ""; f.Description = TooLong2000; }, "firm_id", "firm.display_name", "firm.description");
        await Rpc.Invalid(() => _hub.Admin.RegisterFirmAsync(new RegisterFirmRequest { Parent = "turku", FirmId = "bittipaja", Firm = TestData.Bitti() }), "parent");

        Assert.Equal(0, (await _hub.Admin.GetNetworkAsync(new GetNetworkRequest { Name = parent })).FirmCount);
        var registered = await _hub.RegisterAsync(networkId, "bittipaja", TestData.Bitti());
        Assert.Equal(1, (await _hub.Admin.GetNetworkAsync(new GetNetworkRequest { Name = parent })).FirmCount);

        // Updates are checked the same way, and the mask must name real fields.
        var before = await registered.Firms.GetFirmAsync(new GetFirmRequest { Name = registered.Name });
        await Rpc.Invalid(() => registered.Firms.UpdateFirmAsync(new UpdateFirmRequest
        {
            Firm = new Firm { Name = registered.Name, Description = TooLong2000 },
            UpdateMask = Mask("description"),
        }), "firm.description");
        await Rpc.Invalid(() => registered.Firms.UpdateFirmAsync(new UpdateFirmRequest
        {
            Firm = new Firm { Name = registered.Name, DisplayName = "Renamed Oy" },
            UpdateMask = Mask("display_name", "colour"),
        }), "update_mask");
        await Rpc.Invalid(() => registered.Firms.UpdateFirmAsync(new UpdateFirmRequest
        {
            Firm = new Firm { Name = registered.Name, DisplayName = "Renamed Oy" },
        }), "update_mask");
        await Rpc.Invalid(() => registered.Firms.UpdateFirmAsync(new UpdateFirmRequest
        {
            Firm = new Firm { Name = registered.Name, DisplayName = "" },
            UpdateMask = Mask("display_name"),
        }), "firm.display_name");
        Assert.Equal(before, await registered.Firms.GetFirmAsync(new GetFirmRequest { Name = registered.Name }));

        // The mask decides: only the named field changes.
        var updated = await registered.Firms.UpdateFirmAsync(new UpdateFirmRequest
        {
            Firm = new Firm { Name = registered.Name, DisplayName = "Renamed Oy", Description = "ignored" },
            UpdateMask = Mask("display_name"),
        });
        Assert.Equal("Renamed Oy", updated.DisplayName);
        Assert.Equal(before.Description, updated.Description);
    }

    [Fact]
    public async Task Bad_terms_propose_no_partnership()
    {
        var networkId = await _hub.NewNetworkAsync("validation");
        var a = await _hub.RegisterAsync(networkId, "firm-a");
        var b = await _hub.RegisterAsync(networkId, "firm-b");

        Task<BadRequest> Propose(PartnershipTerms? terms, string message, params string[] fields) =>
            Rpc.Invalid(() => a.Partnerships.ProposePartnershipAsync(new ProposePartnershipRequest
            {
                Parent = a.Name,
                Partner = b.Name,
                Terms = terms,
                Message = message,
            }), fields);

        await Propose(TestData.Terms(51), "", "terms.referral_fee_percent");
        await Propose(TestData.Terms(-1), "", "terms.referral_fee_percent");
        await Propose(TestData.Terms(double.NaN), "", "terms.referral_fee_percent");
        await Propose(TestData.Terms(10, feeCapMonths: -1), "", "terms.fee_cap_months");
        await Propose(TestData.Terms(10, nonSolicitMonths: 61), "", "terms.non_solicit_months");
        await Propose(TestData.Terms(10, 0, 12, "Basic IT"), "", "terms.scope[0]");
        await Propose(null, "", "terms");
        await Propose(TestData.Terms(10), TooLong2000, "message");

        await Rpc.Fails(StatusCode.NotFound, () => a.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = a.PartnershipWith(b) }));
        await Rpc.Fails(StatusCode.NotFound, () => b.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = b.PartnershipWith(a) }));
        Assert.Empty((await b.Partnerships.ListPartnershipsAsync(new ListPartnershipsRequest { Parent = b.Name })).Partnerships);

        // 50 % is the upper bound, inclusive.
        var proposal = await a.Partnerships.ProposePartnershipAsync(new ProposePartnershipRequest { Parent = a.Name, Partner = b.Name, Terms = TestData.Terms(50) });
        Assert.Equal(50, proposal.Terms.ReferralFeePercent);
    }

    [Fact]
    public async Task Bad_clients_and_log_entries_write_nothing()
    {
        var networkId = await _hub.NewNetworkAsync("validation");
        var firm = await _hub.RegisterAsync(networkId, "firm-a");

        Task<BadRequest> Create(string id, Client client, params string[] fields) =>
            Rpc.Invalid(() => firm.Clients.CreateClientAsync(new CreateClientRequest { Parent = firm.Name, ClientId = id, Client = client }), fields);

        await Create("Asiakas", new Client { DisplayName = "Asiakas Oy" }, "client_id");
        await Create("asiakas oy", new Client { DisplayName = "Asiakas Oy" }, "client_id");
        await Create("asiakas", new Client { DisplayName = "" }, "client.display_name");
        await Create("asiakas", new Client { DisplayName = "Asiakas Oy", Contact = new ClientContact { Email = "asiakas.fi" } }, "client.contact.email");
        await Create("asiakas", new Client { DisplayName = "Asiakas Oy", Notes = new string('n', 4001) }, "client.notes");
        Assert.Empty((await firm.Clients.ListClientsAsync(new ListClientsRequest { Parent = firm.Name })).Clients);

        var client = await firm.CreateClientAsync("asiakas", "Asiakas Oy", businessId: "5555555-5");
        await Rpc.Invalid(() => firm.Clients.UpdateClientAsync(new UpdateClientRequest
        {
            Client = new Client { Name = client.Name, DisplayName = "Renamed" },
            UpdateMask = Mask("secret"),
        }), "update_mask");
        await Rpc.Invalid(() => firm.Clients.GetClientAsync(new GetClientRequest { Name = $"networks/{networkId}/firms/firm-a/clients/Asiakas" }), "name");
        await Rpc.Invalid(() => firm.Clients.GetClientAsync(new GetClientRequest { Name = $"networks/{networkId}/clients/asiakas" }), "name");

        // Money is never negative; hassle needs a kind and 1–1440 minutes; nothing is logged in the future.
        await Rpc.Invalid(() => firm.Clients.LogRevenueAsync(new LogRevenueRequest { Parent = client.Name, AmountCents = -500 }), "amount_cents");
        await Rpc.Invalid(() => firm.Clients.LogRevenueAsync(new LogRevenueRequest { Parent = client.Name, AmountCents = 0 }), "amount_cents");
        await Rpc.Invalid(() => firm.Clients.LogHassleAsync(new LogHassleRequest { Parent = client.Name, Kind = HassleKind.Call, Minutes = 0 }), "minutes");
        await Rpc.Invalid(() => firm.Clients.LogHassleAsync(new LogHassleRequest { Parent = client.Name, Kind = HassleKind.Call, Minutes = 1441 }), "minutes");
        await Rpc.Invalid(() => firm.Clients.LogHassleAsync(new LogHassleRequest { Parent = client.Name, Minutes = 10 }), "kind");
        await Rpc.Invalid(() => firm.Clients.LogHassleAsync(new LogHassleRequest { Parent = client.Name, Kind = (HassleKind)99, Minutes = 10 }), "kind");
        await Rpc.Invalid(() => firm.Clients.LogHassleAsync(new LogHassleRequest { Parent = client.Name, Kind = HassleKind.Email, Minutes = 10, Note = new string('x', 1001) }), "note");
        await Rpc.Invalid(() => firm.Clients.LogHassleAsync(new LogHassleRequest
        {
            Parent = client.Name,
            Kind = HassleKind.Meeting,
            Minutes = 10,
            OccurTime = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(2)),
        }), "occur_time");

        var after = await firm.Clients.GetClientAsync(new GetClientRequest { Name = client.Name });
        Assert.Equal(client, after);
        Assert.Equal(DifficultyLevel.Unspecified, after.Difficulty.Level);
        Assert.Empty((await firm.Clients.ListHassleEntriesAsync(new ListHassleEntriesRequest { Parent = client.Name })).Entries);
        Assert.Empty((await firm.Clients.ListRevenueEntriesAsync(new ListRevenueEntriesRequest { Parent = client.Name })).Entries);
    }

    [Fact]
    public async Task Bad_referrals_are_not_created_and_bad_outcomes_not_recorded()
    {
        var networkId = await _hub.NewNetworkAsync("validation");
        var a = await _hub.RegisterAsync(networkId, "firm-a");
        var b = await _hub.RegisterAsync(networkId, "firm-b");
        await Scenario.PartnerAsync(a, b, TestData.Terms(10));
        await a.CreateClientAsync("asiakas", "Asiakas Oy", businessId: "6666666-6");

        Task<BadRequest> Refer(Action<Referral> spoil, params string[] fields)
        {
            var request = Scenario.ReferralRequest(a, b, "asiakas");
            spoil(request.Referral);
            return Rpc.Invalid(() => a.Referrals.CreateReferralAsync(request), fields);
        }

        await Refer(r => r.Need.Deadline = "2020-01-01", "referral.need.deadline");
        await Refer(r => r.Need.Deadline = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "referral.need.deadline");
        await Refer(r => r.Need.Deadline = "next week", "referral.need.deadline");
        await Refer(r => r.Need.BudgetMinCents = -1, "referral.need.budget_min_cents");
        await Refer(r => r.Need.BudgetMaxCents = -100, "referral.need.budget_max_cents");
        await Refer(r => { r.Need.BudgetMinCents = 500_000; r.Need.BudgetMaxCents = 100_000; }, "referral.need.budget_max_cents");
        await Refer(r => r.Need.Description = new string('d', 4001), "referral.need.description");
        await Refer(r => r.Need.Skills[0] = "Web Design", "referral.need.skills[0]");
        await Refer(r => r.Need.Skills.Clear(), "referral.need.skills");
        await Refer(r => r.Need = null, "referral.need");
        await Refer(r => r.Warmth = 0, "referral.warmth");
        await Refer(r => r.Warmth = 6, "referral.warmth");
        await Refer(r => r.Kind = ReferralKind.Unspecified, "referral.kind");
        await Refer(r => r.Terms = TestData.Terms(51), "referral.terms.referral_fee_percent");
        await Refer(r => r.Terms = TestData.Terms(-1), "referral.terms.referral_fee_percent");
        await Refer(r => r.ExpireTime = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(-1)), "referral.expire_time");
        await Refer(r => r.ExpireTime = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(91)), "referral.expire_time");
        await Refer(r => r.Note = TooLong2000, "referral.note");
        await Refer(r => r.Receiver = "firm-b", "referral.receiver");
        await Refer(r => r.Client = "asiakas", "referral.client");
        await Refer(r => { r.Warmth = 0; r.Need.Deadline = "2020-01-01"; r.Need.BudgetMinCents = -1; },
            "referral.warmth", "referral.need.deadline", "referral.need.budget_min_cents");
        await Rpc.Invalid(() => a.Referrals.CreateReferralAsync(new CreateReferralRequest { Parent = a.Network }), "referral");

        Assert.Empty((await a.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = a.Name })).Referrals);
        Assert.Empty((await b.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = b.Name })).Referrals);
        var partnership = await a.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = a.PartnershipWith(b) });
        Assert.Equal(0, partnership.ReferralsSent);

        // A bad outcome is refused and the referral stays where it was.
        var referral = await Scenario.ReferAsync(a, b, "asiakas");
        await Rpc.Invalid(() => b.Referrals.DeclineReferralAsync(new DeclineReferralRequest { Name = referral.Name }), "reason");
        await b.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = referral.Name });
        var started = await b.Referrals.StartReferralAsync(new StartReferralRequest { Name = referral.Name });
        await Rpc.Invalid(() => b.Referrals.MarkReferralWonAsync(new MarkReferralWonRequest { Name = referral.Name, WonValueCents = -5 }), "won_value_cents");
        await Rpc.Invalid(() => b.Referrals.MarkReferralWonAsync(new MarkReferralWonRequest { Name = referral.Name, WonValueCents = 100, ContractMonths = 121 }), "contract_months");
        await Rpc.Invalid(() => b.Referrals.MarkReferralLostAsync(new MarkReferralLostRequest { Name = referral.Name }), "reason");
        await Rpc.Invalid(() => b.Referrals.StartReferralAsync(new StartReferralRequest { Name = "referrals/abc" }), "name");
        var unchanged = await a.GetReferralAsync(referral.Name);
        Assert.Equal(ReferralState.InProgress, unchanged.State);
        Assert.Equal(started.Version, unchanged.Version);
        Assert.Equal(0, unchanged.WonValueCents);
    }

    [Fact]
    public async Task Bad_page_sizes_and_tokens_are_refused()
    {
        var networkId = await _hub.NewNetworkAsync("validation");
        var a = await _hub.RegisterAsync(networkId, "firm-a");
        var b = await _hub.RegisterAsync(networkId, "firm-b");
        await Scenario.PartnerAsync(a, b, TestData.Terms(10));
        await a.CreateClientAsync("asiakas", "Asiakas Oy");
        await Scenario.ReferAsync(a, b, "asiakas");
        await Scenario.ReferAsync(a, b, "asiakas");

        await Rpc.Invalid(() => a.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = a.Name, PageSize = -1 }), "page_size");
        await Rpc.Invalid(() => a.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = a.Name, PageToken = "bogus" }), "page_token");
        await Rpc.Invalid(() => a.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = a.Name, State = (ReferralState)42 }), "state");
        await Rpc.Invalid(() => a.Clients.ListClientsAsync(new ListClientsRequest { Parent = a.Name, PageSize = -5 }), "page_size");
        await Rpc.Invalid(() => a.Firms.ListFirmsAsync(new ListFirmsRequest { Parent = a.Network, PageToken = "!!!" }), "page_token");
        await Rpc.Invalid(() => a.Firms.ListFirmsAsync(new ListFirmsRequest { Parent = a.Network, Skill = "Basic IT" }), "skill");
        await Rpc.Invalid(() => a.Clients.ListHassleEntriesAsync(new ListHassleEntriesRequest { Parent = a.Client("asiakas"), PageToken = "bogus" }), "page_token");
        await Rpc.Invalid(() => _hub.Admin.ListNetworksAsync(new ListNetworksRequest { PageSize = -1 }), "page_size");

        // A real token only works for the query it came from.
        var first = await a.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = a.Name, Role = ReferralRole.Sent, PageSize = 1 });
        Assert.NotEqual("", first.NextPageToken);
        await Rpc.Invalid(() => a.Referrals.ListReferralsAsync(new ListReferralsRequest
        {
            Parent = a.Name,
            Role = ReferralRole.Received,
            PageSize = 1,
            PageToken = first.NextPageToken,
        }), "page_token");
        var second = await a.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = a.Name, Role = ReferralRole.Sent, PageSize = 1, PageToken = first.NextPageToken });
        Assert.Single(second.Referrals);
        Assert.NotEqual(first.Referrals[0].Name, second.Referrals[0].Name);

        // The same holds for a client's two logs, which page alike: a hassle token is no revenue token.
        var client = a.Client("asiakas");
        for (var minutes = 1; minutes <= 3; minutes++)
        {
            await a.Clients.LogHassleAsync(new LogHassleRequest { Parent = client, Kind = HassleKind.Email, Minutes = minutes });
            await a.Clients.LogRevenueAsync(new LogRevenueRequest { Parent = client, AmountCents = minutes * 1000 });
        }

        var hasslePage = await a.Clients.ListHassleEntriesAsync(new ListHassleEntriesRequest { Parent = client, PageSize = 2 });
        Assert.Equal(new[] { 3, 2 }, hasslePage.Entries.Select(e => e.Minutes).ToArray()); // newest first
        await Rpc.Invalid(() => a.Clients.ListRevenueEntriesAsync(new ListRevenueEntriesRequest { Parent = client, PageSize = 2, PageToken = hasslePage.NextPageToken }), "page_token");
        var hassleRest = await a.Clients.ListHassleEntriesAsync(new ListHassleEntriesRequest { Parent = client, PageSize = 2, PageToken = hasslePage.NextPageToken });
        Assert.Equal(1, Assert.Single(hassleRest.Entries).Minutes);
        Assert.Equal("", hassleRest.NextPageToken);
        var revenuePage = await a.Clients.ListRevenueEntriesAsync(new ListRevenueEntriesRequest { Parent = client, PageSize = 2 });
        await Rpc.Invalid(() => a.Clients.ListHassleEntriesAsync(new ListHassleEntriesRequest { Parent = client, PageSize = 2, PageToken = revenuePage.NextPageToken }), "page_token");
    }
}
