using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// One rule for every request_id (AIP-155), whatever resource the call touches: the same id with the
/// same request is a retry; the same id with another method, target or body is REQUEST_ID_REUSED; a
/// blank id or one with control characters is not an id at all.
/// </summary>
public sealed class RequestIdRuleTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;

    private async Task<(FirmApi A, FirmApi B)> SetUpAsync()
    {
        var networkId = await _hub.NewNetworkAsync("rid");
        var a = await _hub.RegisterAsync(networkId, "firm-a");
        var b = await _hub.RegisterAsync(networkId, "firm-b");
        await Scenario.PartnerAsync(a, b, TestData.Terms(10));
        await a.CreateClientAsync("yksi", "Yksi Oy", businessId: "1111111-1");
        await a.CreateClientAsync("kaksi", "Kaksi Oy", businessId: "2222222-2");
        return (a, b);
    }

    [Fact]
    public async Task An_id_used_for_revenue_cannot_log_hassle_on_the_same_client()
    {
        var (a, _) = await SetUpAsync();
        await a.Clients.LogRevenueAsync(new LogRevenueRequest { Parent = a.Client("yksi"), AmountCents = 10_000, RequestId = "same-1" });

        await Rpc.Fails(StatusCode.InvalidArgument, "REQUEST_ID_REUSED", () => a.Clients.LogHassleAsync(
            new LogHassleRequest { Parent = a.Client("yksi"), Kind = HassleKind.Call, Minutes = 10, RequestId = "same-1" }));
        Assert.Empty((await a.Clients.ListHassleEntriesAsync(new ListHassleEntriesRequest { Parent = a.Client("yksi") })).Entries);
    }

    [Fact]
    public async Task An_id_used_for_one_client_cannot_log_revenue_on_another()
    {
        var (a, _) = await SetUpAsync();
        await a.Clients.LogRevenueAsync(new LogRevenueRequest { Parent = a.Client("yksi"), AmountCents = 10_000, RequestId = "same-2" });

        await Rpc.Fails(StatusCode.InvalidArgument, "REQUEST_ID_REUSED", () => a.Clients.LogRevenueAsync(
            new LogRevenueRequest { Parent = a.Client("kaksi"), AmountCents = 10_000, RequestId = "same-2" }));
        Assert.Empty((await a.Clients.ListRevenueEntriesAsync(new ListRevenueEntriesRequest { Parent = a.Client("kaksi") })).Entries);
    }

    [Fact]
    public async Task An_id_used_for_a_referral_cannot_create_a_client_and_one_used_for_a_client_cannot_update_the_profile()
    {
        var (a, b) = await SetUpAsync();
        await a.Referrals.CreateReferralAsync(Scenario.ReferralRequest(a, b, "yksi", requestId: "same-3"));

        await Rpc.Fails(StatusCode.InvalidArgument, "REQUEST_ID_REUSED", () => a.Clients.CreateClientAsync(new CreateClientRequest
        {
            Parent = a.Name, ClientId = "kolme", Client = new Client { DisplayName = "Kolme Oy" }, RequestId = "same-3",
        }));
        await Rpc.Fails(StatusCode.NotFound, () => a.Clients.GetClientAsync(new GetClientRequest { Name = a.Client("kolme") }));

        await a.Clients.CreateClientAsync(new CreateClientRequest
        {
            Parent = a.Name, ClientId = "nelja", Client = new Client { DisplayName = "Neljä Oy" }, RequestId = "same-4",
        });
        await Rpc.Fails(StatusCode.InvalidArgument, "REQUEST_ID_REUSED", () => a.Firms.UpdateFirmAsync(new UpdateFirmRequest
        {
            Firm = new Firm { Name = a.Name, City = "Naantali" },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "city" } },
            RequestId = "same-4",
        }));
    }

    [Fact]
    public async Task The_same_id_with_another_body_on_the_same_referral_is_reused_and_with_the_same_body_a_retry()
    {
        var (a, b) = await SetUpAsync();
        var referral = await Scenario.ReferAsync(a, b, "yksi");
        var decline = new DeclineReferralRequest { Name = referral.Name, Reason = DeclineReason.NoCapacity, Note = "Full", RequestId = "same-5" };

        var first = await b.Referrals.DeclineReferralAsync(decline);
        var retry = await b.Referrals.DeclineReferralAsync(decline);
        Assert.Equal(first.Version, retry.Version);

        var otherReason = decline.Clone();
        otherReason.Reason = DeclineReason.NotAFit;
        await Rpc.Fails(StatusCode.InvalidArgument, "REQUEST_ID_REUSED", () => b.Referrals.DeclineReferralAsync(otherReason));
        // ...and for another action on the same referral, too.
        await Rpc.Fails(StatusCode.InvalidArgument, "REQUEST_ID_REUSED", () => b.Referrals.AcceptReferralAsync(
            new AcceptReferralRequest { Name = referral.Name, RequestId = "same-5" }));
    }

    [Fact]
    public async Task A_retry_that_leaves_out_a_defaulted_field_is_still_the_same_request()
    {
        var (a, _) = await SetUpAsync();
        // occur_time defaults to "now": a retry a moment later without it is the same request.
        var hassle = new LogHassleRequest { Parent = a.Client("yksi"), Kind = HassleKind.Email, Minutes = 5, RequestId = "same-6" };
        var first = await a.Clients.LogHassleAsync(hassle);
        await Task.Yield();
        Assert.Equal(first, await a.Clients.LogHassleAsync(hassle));
    }

    [Fact]
    public async Task Two_firms_may_pick_the_same_id()
    {
        var (a, b) = await SetUpAsync();
        await a.Clients.LogRevenueAsync(new LogRevenueRequest { Parent = a.Client("yksi"), AmountCents = 10_000, RequestId = "shared-id" });
        await b.CreateClientAsync("oma", "Oma Oy");
        await b.Clients.LogHassleAsync(new LogHassleRequest { Parent = b.Client("oma"), Kind = HassleKind.Call, Minutes = 10, RequestId = "shared-id" });
    }

    [Fact]
    public async Task The_operator_binds_its_ids_across_networks_and_firms()
    {
        var networkId = TestData.UniqueId("rid-op");
        await _hub.Admin.CreateNetworkAsync(new CreateNetworkRequest
        {
            NetworkId = networkId, Network = new Network { DisplayName = "Operator ids" }, RequestId = "op-1",
        });

        await Rpc.Fails(StatusCode.InvalidArgument, "REQUEST_ID_REUSED", () => _hub.Admin.RegisterFirmAsync(new RegisterFirmRequest
        {
            Parent = $"networks/{networkId}", FirmId = "uusi", Firm = TestData.Plain("Uusi Oy"), RequestId = "op-1",
        }));
        await Rpc.Fails(StatusCode.InvalidArgument, "REQUEST_ID_REUSED", () => _hub.Admin.CreateNetworkAsync(new CreateNetworkRequest
        {
            NetworkId = TestData.UniqueId("rid-op"), Network = new Network { DisplayName = "Another" }, RequestId = "op-1",
        }));
        // The same create again is a retry.
        var again = await _hub.Admin.CreateNetworkAsync(new CreateNetworkRequest
        {
            NetworkId = networkId, Network = new Network { DisplayName = "Operator ids" }, RequestId = "op-1",
        });
        Assert.Equal($"networks/{networkId}", again.Name);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("   \t ")]
    [InlineData("id\u0000with-nul")]
    [InlineData("id\u001b[31mred")]
    [InlineData("line\nbreak")]
    public async Task A_blank_id_or_one_with_control_characters_is_invalid(string requestId)
    {
        var (a, _) = await SetUpAsync();
        await Rpc.Invalid(() => a.Clients.LogRevenueAsync(
            new LogRevenueRequest { Parent = a.Client("yksi"), AmountCents = 10_000, RequestId = requestId }), "request_id");
        await Rpc.Invalid(() => _hub.Admin.CreateNetworkAsync(new CreateNetworkRequest
        {
            NetworkId = TestData.UniqueId("rid-bad"), Network = new Network { DisplayName = "Bad id" }, RequestId = requestId,
        }), "request_id");
        Assert.Empty((await a.Clients.ListRevenueEntriesAsync(new ListRevenueEntriesRequest { Parent = a.Client("yksi") })).Entries);
    }
}
