using System.Security.Cryptography;
using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>Who may call what: keys, firms, networks, parties, suspension and key rotation.</summary>
public sealed class AccessControlTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;

    private sealed record World(FirmApi A, FirmApi B, FirmApi C, FirmApi Outsider, Referral Referral);

    /// <summary>A and B are partners with a referral between them; C is in the same network; the outsider is in another.</summary>
    private async Task<World> SetUpAsync()
    {
        var networkId = await _hub.NewNetworkAsync("access");
        var a = await _hub.RegisterAsync(networkId, "firm-a", TestData.Viidakkorumpu());
        var b = await _hub.RegisterAsync(networkId, "firm-b", TestData.Bitti());
        var c = await _hub.RegisterAsync(networkId, "firm-c");
        var otherNetwork = await _hub.NewNetworkAsync("elsewhere");
        // The same firm id in another network: its key must still not reach this network.
        var outsider = await _hub.RegisterAsync(otherNetwork, "firm-a");
        await Scenario.PartnerAsync(a, b, TestData.Terms(10));
        await a.CreateClientAsync("asiakas", "Salainen Asiakas Oy", businessId: "4444444-4", email: "ceo@salainen.fi");
        var referral = await Scenario.ReferAsync(a, b, "asiakas");
        return new World(a, b, c, outsider, referral);
    }

    [Fact]
    public async Task Calls_without_a_valid_key_are_unauthenticated()
    {
        var w = await SetUpAsync();
        var request = new GetFirmRequest { Name = w.A.Name };

        var noKey = new FirmService.FirmServiceClient(_hub.Channel);
        await Rpc.Fails(StatusCode.Unauthenticated, "UNAUTHENTICATED", () => noKey.GetFirmAsync(request));
        var basic = new FirmService.FirmServiceClient(_hub.Channel);
        await Rpc.Fails(StatusCode.Unauthenticated, () => basic.GetFirmAsync(request, new Metadata { { "authorization", "Basic dXNlcjpwYXNz" } }));

        foreach (var key in new[]
        {
            "garbage",
            "",
            $"vk1.{w.A.NetworkId}.firm-a",
            // Well-formed keys that the hub never issued: the right firm, a firm that does not exist.
            $"vk1.{w.A.NetworkId}.firm-a.{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
            $"vk1.{w.A.NetworkId}.nobody.{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
            // Another firm's key with the firm part swapped.
            w.B.ApiKey.Replace(".firm-b.", ".firm-a."),
        })
        {
            var client = new FirmService.FirmServiceClient(_hub.As(key));
            await Rpc.Fails(StatusCode.Unauthenticated, "UNAUTHENTICATED", () => client.GetFirmAsync(request));
        }

        // A firm key is not an operator key, and the operator key is no firm's key.
        var adminWithFirmKey = new AdminService.AdminServiceClient(_hub.As(w.A.ApiKey));
        await Rpc.Fails(StatusCode.Unauthenticated, () => adminWithFirmKey.GetNetworkAsync(new GetNetworkRequest { Name = w.A.Network }));
        await Rpc.Fails(StatusCode.Unauthenticated, () => adminWithFirmKey.RotateFirmKeyAsync(new RotateFirmKeyRequest { Name = w.B.Name }));
        // The operator may read the directory (what the whole network sees), and nothing else of a firm.
        var firmsWithAdminKey = new FirmService.FirmServiceClient(_hub.As(fixture.AdminKey));
        var seen = await firmsWithAdminKey.GetFirmAsync(request);
        Assert.Equal(FirmView.Public, seen.View);
        Assert.DoesNotContain(seen.People, p => p.Email.Length > 0 || p.Phone.Length > 0);
        await Rpc.Fails(StatusCode.Unauthenticated, () => firmsWithAdminKey.UpdateFirmAsync(new UpdateFirmRequest { Firm = new Firm { Name = w.A.Name }, UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "city" } } }));
        var clientsWithAdminKey = new ClientService.ClientServiceClient(_hub.As(fixture.AdminKey));
        await Rpc.Fails(StatusCode.Unauthenticated, () => clientsWithAdminKey.ListClientsAsync(new ListClientsRequest { Parent = w.A.Name }));
        var adminWithWrongKey = new AdminService.AdminServiceClient(_hub.As(TestData.NewAdminKey()));
        await Rpc.Fails(StatusCode.Unauthenticated, () => adminWithWrongKey.ListNetworksAsync(new ListNetworksRequest()));
    }

    [Fact]
    public async Task A_firm_cannot_touch_another_firms_resources()
    {
        var w = await SetUpAsync();
        var (a, b) = (w.A, w.B);

        await Rpc.Fails(StatusCode.PermissionDenied, () => b.Clients.GetClientAsync(new GetClientRequest { Name = a.Client("asiakas") }));
        await Rpc.Fails(StatusCode.PermissionDenied, () => b.Clients.ListClientsAsync(new ListClientsRequest { Parent = a.Name }));
        await Rpc.Fails(StatusCode.PermissionDenied, () => b.Clients.LogHassleAsync(new LogHassleRequest { Parent = a.Client("asiakas"), Kind = HassleKind.Call, Minutes = 5 }));
        await Rpc.Fails(StatusCode.PermissionDenied, () => b.Clients.CreateClientAsync(new CreateClientRequest
        {
            Parent = a.Name,
            ClientId = "planted",
            Client = new Client { DisplayName = "Planted Oy" },
        }));
        await Rpc.Fails(StatusCode.PermissionDenied, () => b.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = a.PartnershipWith(b) }));
        await Rpc.Fails(StatusCode.PermissionDenied, () => b.Partnerships.EndPartnershipAsync(new EndPartnershipRequest { Name = a.PartnershipWith(b) }));
        await Rpc.Fails(StatusCode.PermissionDenied, () => b.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = a.Name }));
        var hijack = new Firm { Name = a.Name, DisplayName = "Hijacked Oy" };
        await Rpc.Fails(StatusCode.PermissionDenied, () => b.Firms.UpdateFirmAsync(new UpdateFirmRequest
        {
            Firm = hijack,
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "display_name" } },
        }));

        // Nothing changed or appeared.
        Assert.Equal("Viidakkorumpu Oy", (await a.Firms.GetFirmAsync(new GetFirmRequest { Name = a.Name })).DisplayName);
        var clients = await a.Clients.ListClientsAsync(new ListClientsRequest { Parent = a.Name });
        Assert.Equal(new[] { a.Client("asiakas") }, clients.Clients.Select(c => c.Name).ToArray());
        Assert.Empty((await a.Clients.ListHassleEntriesAsync(new ListHassleEntriesRequest { Parent = a.Client("asiakas") })).Entries);
        Assert.Equal(PartnershipState.Active, (await a.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = a.PartnershipWith(b) })).State);
    }

    [Fact]
    public async Task Another_networks_key_reaches_nothing_here()
    {
        var w = await SetUpAsync();
        var x = w.Outsider;

        var calls = new Func<Task<RpcException>>[]
        {
            () => Rpc.Fails(StatusCode.PermissionDenied, "OTHER_NETWORK", () => x.Firms.GetFirmAsync(new GetFirmRequest { Name = w.A.Name })),
            () => Rpc.Fails(StatusCode.PermissionDenied, "OTHER_NETWORK", () => x.Firms.ListFirmsAsync(new ListFirmsRequest { Parent = w.A.Network })),
            () => Rpc.Fails(StatusCode.PermissionDenied, "OTHER_NETWORK", () => x.Referrals.GetReferralAsync(new GetReferralRequest { Name = w.Referral.Name })),
            () => Rpc.Fails(StatusCode.PermissionDenied, "OTHER_NETWORK", () => x.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = w.Referral.Name })),
            () => Rpc.Fails(StatusCode.PermissionDenied, "OTHER_NETWORK", () => x.Clients.GetClientAsync(new GetClientRequest { Name = w.A.Client("asiakas") })),
            () => Rpc.Fails(StatusCode.PermissionDenied, "OTHER_NETWORK", () => x.Partnerships.ProposePartnershipAsync(new ProposePartnershipRequest
            {
                Parent = x.Name,
                Partner = w.A.Name,
                Terms = TestData.Terms(5),
            })),
        };

        foreach (var call in calls)
        {
            var e = await call();
            // The refusal carries no data of the other network.
            Assert.DoesNotContain("Viidakkorumpu", e.Status.Detail);
            Assert.DoesNotContain("Salainen", e.Status.Detail);
            Assert.DoesNotContain("4444444", e.Status.Detail);
        }

        Assert.Equal(ReferralState.Proposed, (await w.B.GetReferralAsync(w.Referral.Name)).State);
        Assert.Empty((await x.Partnerships.ListPartnershipsAsync(new ListPartnershipsRequest { Parent = x.Name })).Partnerships);
    }

    [Fact]
    public async Task A_firm_that_is_no_party_to_a_referral_learns_nothing_of_it()
    {
        var w = await SetUpAsync();

        await Rpc.Fails(StatusCode.NotFound, () => w.C.Referrals.GetReferralAsync(new GetReferralRequest { Name = w.Referral.Name }));
        await Rpc.Fails(StatusCode.NotFound, () => w.C.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = w.Referral.Name }));
        await Rpc.Fails(StatusCode.NotFound, () => w.C.Referrals.CancelReferralAsync(new CancelReferralRequest { Name = w.Referral.Name }));
        // Exactly what a referral that does not exist at all looks like.
        var missing = await Rpc.Fails(StatusCode.NotFound, () => w.C.Referrals.GetReferralAsync(new GetReferralRequest { Name = $"{w.A.Network}/referrals/rnosuchreferral" }));
        var hidden = await Rpc.Fails(StatusCode.NotFound, () => w.C.Referrals.GetReferralAsync(new GetReferralRequest { Name = w.Referral.Name }));
        Assert.Equal(missing.Status.Detail, hidden.Status.Detail);

        Assert.Equal(ReferralState.Proposed, (await w.B.GetReferralAsync(w.Referral.Name)).State);
    }

    [Fact]
    public async Task A_suspended_firm_is_refused_until_reinstated()
    {
        var w = await SetUpAsync();
        var getOwn = () => w.C.Firms.GetFirmAsync(new GetFirmRequest { Name = w.C.Name });
        await getOwn(); // its key is now verified (and cached)

        var suspended = await _hub.Admin.SetFirmSuspendedAsync(new SetFirmSuspendedRequest { Name = w.C.Name, Suspended = true });
        Assert.True(suspended.Suspended);

        await Rpc.Fails(StatusCode.PermissionDenied, "FIRM_SUSPENDED", getOwn);
        await Rpc.Fails(StatusCode.PermissionDenied, "FIRM_SUSPENDED", () => w.C.Clients.CreateClientAsync(new CreateClientRequest
        {
            Parent = w.C.Name,
            ClientId = "sneaky",
            Client = new Client { DisplayName = "Sneaky Oy" },
        }));
        // Others see it as suspended.
        Assert.True((await w.A.Firms.GetFirmAsync(new GetFirmRequest { Name = w.C.Name })).Suspended);

        await _hub.Admin.SetFirmSuspendedAsync(new SetFirmSuspendedRequest { Name = w.C.Name, Suspended = false });
        Assert.False((await getOwn()).Suspended);
        Assert.Empty((await w.C.Clients.ListClientsAsync(new ListClientsRequest { Parent = w.C.Name })).Clients);
    }

    [Fact]
    public async Task Rotating_a_key_keeps_the_old_one_for_its_grace_and_revoking_ends_it_at_once()
    {
        var w = await SetUpAsync();
        var request = new GetFirmRequest { Name = w.B.Name };
        await w.B.Firms.GetFirmAsync(request); // the old key is verified (and cached)

        // By default the old key works for 24 hours more, so the firm's systems can switch over.
        var rolled = await _hub.Admin.RotateFirmKeyAsync(new RotateFirmKeyRequest { Name = w.B.Name });
        Assert.NotEqual(w.B.ApiKey, rolled.ApiKey);
        Assert.InRange(rolled.PreviousKeyExpireTime.ToDateTime() - DateTime.UtcNow, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));
        await w.B.Firms.GetFirmAsync(request);
        var rolledOver = _hub.Firm(w.B.NetworkId, w.B.FirmId, rolled.ApiKey);
        await rolledOver.Firms.GetFirmAsync(request);
        await Rpc.Fails(StatusCode.InvalidArgument, () => _hub.Admin.RotateFirmKeyAsync(new RotateFirmKeyRequest { Name = w.B.Name, PreviousKeyGrace = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromDays(31)) }));
        await Rpc.Fails(StatusCode.InvalidArgument, () => _hub.Admin.RotateFirmKeyAsync(new RotateFirmKeyRequest { Name = w.B.Name, PreviousKeyGrace = new Google.Protobuf.WellKnownTypes.Duration { Seconds = long.MaxValue } }));

        // A leaked key: rotated with no grace, every earlier key stops at once.
        var rotated = await _hub.Admin.RotateFirmKeyAsync(new RotateFirmKeyRequest { Name = w.B.Name, PreviousKeyGrace = new Google.Protobuf.WellKnownTypes.Duration() });
        Assert.Null(rotated.PreviousKeyExpireTime);
        await Rpc.Fails(StatusCode.Unauthenticated, () => w.B.Firms.GetFirmAsync(request));
        await Rpc.Fails(StatusCode.Unauthenticated, () => rolledOver.Firms.GetFirmAsync(request));
        var renewed = _hub.Firm(w.B.NetworkId, w.B.FirmId, rotated.ApiKey);
        var self = await renewed.Firms.GetFirmAsync(request);
        Assert.Equal(FirmView.Self, self.View);
        // The firm keeps everything it had.
        Assert.Equal(ReferralState.Proposed, (await renewed.GetReferralAsync(w.Referral.Name)).State);
    }
}
