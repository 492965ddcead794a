using Google.Rpc;
using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// "Which of my partners already knows this account?", answered only as far as each partner
/// allows: nothing by default, counts (blurred below 3) or names (only where both share names),
/// matched on normalized identities, every query shown to the firm asked about, 20 a day.
/// </summary>
public sealed class OverlapTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;

    private sealed record Partners(string NetworkId, FirmApi A, FirmApi B, FirmApi C);

    /// <summary>A and B partners with four clients in common (by business id, VAT form and domain), A and C partners too.</summary>
    private async Task<Partners> SetUpAsync(OverlapSharing networkDefault = OverlapSharing.Unspecified)
    {
        var networkId = TestData.UniqueId("overlap");
        await _hub.Admin.CreateNetworkAsync(new CreateNetworkRequest
        {
            NetworkId = networkId, Network = new Network { DisplayName = "Overlap", OverlapDefault = networkDefault },
        });
        var a = await _hub.RegisterAsync(networkId, "firm-a");
        var b = await _hub.RegisterAsync(networkId, "firm-b");
        var c = await _hub.RegisterAsync(networkId, "firm-c");
        await Scenario.PartnerAsync(a, b, TestData.Terms(10));
        await Scenario.PartnerAsync(a, c, TestData.Terms(10));
        await a.CreateClientAsync("yksi", "Yksi Oy", businessId: "1111111-1");
        await a.CreateClientAsync("kaksi", "Kaksi Oy", businessId: "2222222-2");
        await a.CreateClientAsync("kolme", "Kolme Oy", email: "ceo@kolme.fi");
        await a.CreateClientAsync("nelja", "Neljä Oy", businessId: "4444444-4");
        await a.CreateClientAsync("vain-a", "Vain A Oy", businessId: "9999999-9");
        await b.CreateClientAsync("b-yksi", "Yksi (B:n nimi)", businessId: "1111111-1");
        await b.CreateClientAsync("b-kaksi", "Kaksi (B)", businessId: "FI22222222");
        await b.CreateClientAsync("b-kolme", "Kolme (B)", email: "info@kolme.fi");
        await b.CreateClientAsync("b-nelja", "Neljä (B)", businessId: "4444444-4");
        // The same name is no match: only identities are.
        await b.CreateClientAsync("b-samanniminen", "Vain A Oy", businessId: "8888888-8");
        return new Partners(networkId, a, b, c);
    }

    private static Task<Overlap> OverlapAsync(FirmApi firm, FirmApi partner) =>
        firm.Overlap.GetOverlapAsync(new GetOverlapRequest { Name = firm.PartnershipWith(partner) }).ResponseAsync;

    private static Task<OverlapSettings> ShareAsync(FirmApi firm, FirmApi partner, OverlapSharing sharing) =>
        firm.Overlap.UpdateOverlapSharingAsync(new UpdateOverlapSharingRequest
        {
            Parent = firm.Name, Partner = partner.Name, Sharing = sharing,
        }).ResponseAsync;

    private static OverlapService.OverlapServiceClient Service(FirmApi firm) => firm.Overlap;

    [Fact]
    public async Task By_default_nothing_is_shared()
    {
        var p = await SetUpAsync();
        var overlap = await OverlapAsync(p.A, p.B);
        Assert.Equal((OverlapSharing.Nothing, false, false), (overlap.Sharing, overlap.HasCommonClients, overlap.FewerThanThree));
        Assert.Empty(overlap.Clients);
        Assert.Equal(OverlapSharing.Nothing, (await Service(p.A).GetOverlapSettingsAsync(new GetOverlapSettingsRequest { Parent = p.A.Name })).NetworkDefault);
    }

    [Fact]
    public async Task Each_side_sees_the_lesser_of_the_two_choices()
    {
        var p = await SetUpAsync();
        await ShareAsync(p.A, p.B, OverlapSharing.Names);
        await ShareAsync(p.B, p.A, OverlapSharing.Counts);

        // Counts only, from either side: four in common, matched by business id, its VAT form and the domain.
        foreach (var (asker, partner) in new[] { (p.A, p.B), (p.B, p.A) })
        {
            var overlap = await OverlapAsync(asker, partner);
            Assert.Equal((OverlapSharing.Counts, 4), (overlap.Sharing, overlap.CommonClients));
            Assert.Empty(overlap.Clients);
        }

        // Both share names: the common clients, each by both firms' names for it; never the one that only shares a name.
        await ShareAsync(p.B, p.A, OverlapSharing.Names);
        var named = await OverlapAsync(p.A, p.B);
        Assert.Equal((OverlapSharing.Names, 4), (named.Sharing, named.CommonClients));
        Assert.Equal(
            [(p.A.Client("kaksi"), "Kaksi Oy", "Kaksi (B)"), (p.A.Client("kolme"), "Kolme Oy", "Kolme (B)"),
                (p.A.Client("nelja"), "Neljä Oy", "Neljä (B)"), (p.A.Client("yksi"), "Yksi Oy", "Yksi (B:n nimi)")],
            named.Clients.Select(c => (c.Client, c.DisplayName, c.PartnerDisplayName)));

        // One side takes it back: nothing for either.
        await ShareAsync(p.B, p.A, OverlapSharing.Nothing);
        Assert.Equal(OverlapSharing.Nothing, (await OverlapAsync(p.A, p.B)).Sharing);
        Assert.False((await OverlapAsync(p.A, p.B)).HasCommonClients);
    }

    [Fact]
    public async Task Counts_below_three_are_blurred_so_a_short_list_cannot_be_probed()
    {
        var p = await SetUpAsync();
        await ShareAsync(p.A, p.C, OverlapSharing.Counts);
        await ShareAsync(p.C, p.A, OverlapSharing.Counts);

        var none = await OverlapAsync(p.A, p.C);
        await p.C.CreateClientAsync("c-yksi", "Yksi", businessId: "1111111-1");
        var one = await OverlapAsync(p.A, p.C);
        await p.C.CreateClientAsync("c-kaksi", "Kaksi", businessId: "2222222-2");
        var two = await OverlapAsync(p.A, p.C);

        foreach (var overlap in new[] { none, one, two })
        {
            Assert.Equal((OverlapSharing.Counts, false, true), (overlap.Sharing, overlap.HasCommonClients, overlap.FewerThanThree));
        }

        await p.C.CreateClientAsync("c-kolme", "Kolme", email: "myynti@kolme.fi");
        var three = await OverlapAsync(p.A, p.C);
        Assert.Equal((3, false), (three.CommonClients, three.FewerThanThree));
    }

    [Fact]
    public async Task Partners_who_know_a_client_are_found_among_those_sharing_names_both_ways()
    {
        var p = await SetUpAsync();
        await p.C.CreateClientAsync("c-yksi", "Yksi", businessId: "FI11111111");
        await ShareAsync(p.A, p.B, OverlapSharing.Names);
        await ShareAsync(p.B, p.A, OverlapSharing.Names);
        await ShareAsync(p.A, p.C, OverlapSharing.Names);
        await ShareAsync(p.C, p.A, OverlapSharing.Counts); // C does not share names: not asked

        var found = await Service(p.A).FindPartnersWhoKnowAsync(new FindPartnersWhoKnowRequest { Client = p.A.Client("yksi") });
        Assert.Equal([p.B.Name], found.Partners);
        Assert.Equal(1, found.PartnersAsked);

        var nobody = await Service(p.A).FindPartnersWhoKnowAsync(new FindPartnersWhoKnowRequest { Client = p.A.Client("vain-a") });
        Assert.Empty(nobody.Partners);

        await Rpc.Fails(StatusCode.PermissionDenied, () => Service(p.A).FindPartnersWhoKnowAsync(new FindPartnersWhoKnowRequest { Client = p.B.Client("b-yksi") }));
    }

    [Fact]
    public async Task Every_query_is_shown_to_the_firm_asked_about_and_only_to_it()
    {
        var p = await SetUpAsync();
        await ShareAsync(p.A, p.B, OverlapSharing.Counts);
        await OverlapAsync(p.A, p.B);
        await Service(p.A).FindPartnersWhoKnowAsync(new FindPartnersWhoKnowRequest { Client = p.A.Client("yksi") });

        var queries = (await Service(p.B).ListOverlapQueriesAsync(new ListOverlapQueriesRequest { Parent = p.B.Name })).Queries;
        var asked = Assert.Single(queries); // A shares names with nobody: FindPartnersWhoKnow asked no partner
        Assert.Equal((p.A.Name, OverlapQueryKind.Overlap, OverlapSharing.Nothing), (asked.Asker, asked.Kind, asked.Sharing));
        Assert.Empty((await Service(p.A).ListOverlapQueriesAsync(new ListOverlapQueriesRequest { Parent = p.A.Name })).Queries);
        await Rpc.Fails(StatusCode.PermissionDenied, () => Service(p.A).ListOverlapQueriesAsync(new ListOverlapQueriesRequest { Parent = p.B.Name }));
    }

    [Fact]
    public async Task Overlap_is_for_active_partners_of_the_caller_only()
    {
        var p = await SetUpAsync();
        var outsider = await _hub.RegisterAsync(p.NetworkId, "ulkopuolinen");
        await Rpc.Fails(StatusCode.NotFound, () => Service(p.A).GetOverlapAsync(new GetOverlapRequest { Name = p.A.PartnershipWith(outsider) }));
        await Rpc.Fails(StatusCode.PermissionDenied, () => Service(p.A).GetOverlapAsync(new GetOverlapRequest { Name = p.B.PartnershipWith(p.C) }));
        await p.C.Partnerships.EndPartnershipAsync(new EndPartnershipRequest { Name = p.C.PartnershipWith(p.A) });
        await Rpc.Fails(StatusCode.FailedPrecondition, "NOT_PARTNERS", () => Service(p.A).GetOverlapAsync(new GetOverlapRequest { Name = p.A.PartnershipWith(p.C) }));
    }

    [Fact]
    public async Task The_network_default_applies_where_a_firm_made_no_choice()
    {
        var p = await SetUpAsync(OverlapSharing.Counts);
        Assert.Equal((OverlapSharing.Counts, 4), ((await OverlapAsync(p.A, p.B)).Sharing, (await OverlapAsync(p.A, p.B)).CommonClients));

        await _hub.Admin.UpdateNetworkAsync(new UpdateNetworkRequest
        {
            Network = new Network { Name = $"networks/{p.NetworkId}", OverlapDefault = OverlapSharing.Nothing },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "overlap_default" } },
        });
        Assert.Equal(OverlapSharing.Nothing, (await OverlapAsync(p.A, p.B)).Sharing);
        await ShareAsync(p.A, p.B, OverlapSharing.Counts);
        await ShareAsync(p.B, p.A, OverlapSharing.Counts);
        Assert.Equal(OverlapSharing.Counts, (await OverlapAsync(p.A, p.B)).Sharing);
    }

    [Fact]
    public async Task Sharing_changes_and_queries_at_once_never_wait_on_each_other()
    {
        // Found by the fuzzer: a sharing change (relayed through the firm to its overlap grain) and a
        // query (on the overlap grain, reading the firm) waited on each other until the deadline.
        var p = await SetUpAsync();
        await ShareAsync(p.B, p.A, OverlapSharing.Names);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        for (var round = 0; round < 6; round++)
        {
            var sharing = round % 2 == 0 ? OverlapSharing.Names : OverlapSharing.Counts;
            await Task.WhenAll(
                p.A.Overlap.FindPartnersWhoKnowAsync(new FindPartnersWhoKnowRequest { Client = p.A.Client("yksi") }, deadline: deadline).ResponseAsync,
                p.A.Overlap.UpdateOverlapSharingAsync(new UpdateOverlapSharingRequest { Parent = p.A.Name, Partner = p.B.Name, Sharing = sharing }, deadline: deadline).ResponseAsync,
                p.A.Overlap.UpdateOverlapSharingAsync(new UpdateOverlapSharingRequest { Parent = p.A.Name, Partner = p.C.Name, Sharing = sharing }, deadline: deadline).ResponseAsync,
                p.B.Overlap.GetOverlapAsync(new GetOverlapRequest { Name = p.B.PartnershipWith(p.A) }, deadline: deadline).ResponseAsync,
                p.B.Overlap.UpdateOverlapSharingAsync(new UpdateOverlapSharingRequest { Parent = p.B.Name, Partner = p.A.Name, Sharing = OverlapSharing.Names }, deadline: deadline).ResponseAsync,
                p.A.Overlap.GetOverlapAsync(new GetOverlapRequest { Name = p.A.PartnershipWith(p.B) }, deadline: deadline).ResponseAsync);
        }

        Assert.Equal(OverlapSharing.Counts, (await Service(p.A).GetOverlapSettingsAsync(new GetOverlapSettingsRequest { Parent = p.A.Name })).Partners.Single(x => x.Partner == p.B.Name).Sharing);
    }

    [Fact]
    public async Task A_firm_may_make_twenty_queries_a_day()
    {
        var p = await SetUpAsync();
        for (var i = 0; i < 20; i++)
        {
            await OverlapAsync(p.A, p.B);
        }

        var refused = await Rpc.Fails(StatusCode.ResourceExhausted, "OVERLAP_QUOTA_EXCEEDED", () => Service(p.A).GetOverlapAsync(new GetOverlapRequest { Name = p.A.PartnershipWith(p.B) }));
        var retry = refused.GetRpcStatus()!.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        Assert.InRange(retry.RetryDelay.ToTimeSpan(), TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        // Another firm's quota is its own.
        await OverlapAsync(p.B, p.A);

        fixture.Clock.Advance(retry.RetryDelay.ToTimeSpan() + TimeSpan.FromSeconds(1));
        await OverlapAsync(p.A, p.B);
    }
}
