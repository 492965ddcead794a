using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// "They fear the client slips away for good": while a referral's non-solicit window is open, the
/// receiver cannot take the shared client as its own; out-of-scope work goes back to the custodian.
/// </summary>
public sealed class CustodyTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;

    private async Task<(FirmApi Custodian, FirmApi Receiver)> SetUpAsync()
    {
        var networkId = await _hub.NewNetworkAsync("custody");
        var custodian = await _hub.RegisterAsync(networkId, "viidakkorumpu", TestData.Viidakkorumpu());
        var receiver = await _hub.RegisterAsync(networkId, "bittipaja", TestData.Bitti());
        await Scenario.PartnerAsync(custodian, receiver, TestData.Terms(10, nonSolicitMonths: 12, scope: "basic-it"));
        return (custodian, receiver);
    }

    [Fact]
    public async Task The_receiver_cannot_register_a_shared_client_as_its_own()
    {
        var (custodian, receiver) = await SetUpAsync();
        await custodian.CreateClientAsync("kunta", "Kunta Oy", businessId: "2345678-9", email: "pekka@kunta.fi");
        await custodian.CreateClientAsync("satama", "Satama Oy", email: "anna@satama-oy.fi");
        var byBusinessId = await Scenario.ReferAsync(custodian, receiver, "kunta", skill: "basic-it");
        await Scenario.ReferAsync(custodian, receiver, "satama", skill: "basic-it");

        // Same business id (however it is written), or any address at the same company domain.
        foreach (var (id, businessId, email) in new[]
        {
            ("oma-kunta", "2345678-9", ""),
            ("oma-kunta-2", "23456789", "someone@elsewhere.fi"),
            ("oma-satama", "", "toinen@satama-oy.fi"),
            ("oma-satama-2", "", "BOSS@Satama-Oy.fi"),
        })
        {
            await Rpc.Fails(StatusCode.FailedPrecondition, "CLIENT_UNDER_CUSTODY", () => receiver.Clients.CreateClientAsync(new CreateClientRequest
            {
                Parent = receiver.Name,
                ClientId = id,
                Client = new Client { DisplayName = "Poached Oy", BusinessId = businessId, Contact = new ClientContact { Email = email } },
            }));
            await Rpc.Fails(StatusCode.NotFound, () => receiver.Clients.GetClientAsync(new GetClientRequest { Name = receiver.Client(id) }));
        }

        // An unrelated client is fine, but it cannot take the shared identity later either.
        var own = await receiver.CreateClientAsync("oma", "Oma Asiakas Oy", businessId: "9999999-9");
        await Rpc.Fails(StatusCode.FailedPrecondition, "CLIENT_UNDER_CUSTODY", () => receiver.Clients.UpdateClientAsync(new UpdateClientRequest
        {
            Client = new Client { Name = own.Name, BusinessId = "2345678-9" },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "business_id" } },
        }));
        Assert.Equal("bid:99999999", (await receiver.Clients.GetClientAsync(new GetClientRequest { Name = own.Name })).NormalizedIdentity);
        Assert.Equal(new[] { own.Name }, (await receiver.Clients.ListClientsAsync(new ListClientsRequest { Parent = receiver.Name })).Clients.Select(c => c.Name).ToArray());

        // The window stays open while the referral runs, and after it ends it has an end date.
        await receiver.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = byBusinessId.Name });
        await receiver.Referrals.StartReferralAsync(new StartReferralRequest { Name = byBusinessId.Name });
        var lost = await receiver.Referrals.MarkReferralLostAsync(new MarkReferralLostRequest { Name = byBusinessId.Name, Reason = LostReason.Timing });
        Assert.NotNull(lost.CustodyUntil);
        var until = lost.CustodyUntil.ToDateTime();
        Assert.InRange(until, DateTime.UtcNow.AddMonths(12).AddDays(-1), DateTime.UtcNow.AddMonths(12).AddDays(1));
        await Rpc.Fails(StatusCode.FailedPrecondition, "CLIENT_UNDER_CUSTODY", () => receiver.Clients.CreateClientAsync(new CreateClientRequest
        {
            Parent = receiver.Name,
            ClientId = "oma-kunta",
            Client = new Client { DisplayName = "Kunta Oy", BusinessId = "2345678-9" },
        }));
    }

    [Fact]
    public async Task The_receiver_returns_out_of_scope_work_to_the_custodian()
    {
        var (custodian, receiver) = await SetUpAsync();
        await custodian.CreateClientAsync("kunta", "Kunta Oy", businessId: "2345678-9");
        var original = await Scenario.ReferAsync(custodian, receiver, "kunta", skill: "basic-it");

        // Only from an accepted referral.
        var marketingNeed = TestData.Need("They really need someone to sell their services.", "marketing");
        await Rpc.Fails(StatusCode.FailedPrecondition, "ILLEGAL_TRANSITION", () => receiver.Referrals.ReturnNeedAsync(new ReturnNeedRequest
        {
            Name = original.Name,
            Need = marketingNeed,
            Warmth = 4,
        }));
        await receiver.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = original.Name });
        // Out of the partnership's scope: the custodian cannot send marketing work this way...
        await Rpc.Fails(StatusCode.FailedPrecondition, "OUT_OF_PARTNERSHIP_SCOPE",
            () => custodian.Referrals.CreateReferralAsync(Scenario.ReferralRequest(custodian, receiver, "kunta", skill: "marketing")));
        // ...and only the receiver hands a need back.
        await Rpc.Fails(StatusCode.PermissionDenied, "WRONG_ROLE", () => custodian.Referrals.ReturnNeedAsync(new ReturnNeedRequest
        {
            Name = original.Name,
            Need = marketingNeed,
            Warmth = 4,
        }));

        var returned = await receiver.Referrals.ReturnNeedAsync(new ReturnNeedRequest
        {
            Name = original.Name,
            Need = marketingNeed,
            Warmth = 4,
            Note = "Marketing is your thing, not ours.",
        });

        Assert.NotEqual(original.Name, returned.Name);
        Assert.Equal(original.Name, returned.ReturnedFrom);
        Assert.Equal(receiver.Name, returned.Referrer);
        Assert.Equal(custodian.Name, returned.Receiver);
        Assert.Equal(custodian.Client("kunta"), returned.Client); // still in the custodian's custody
        Assert.Equal(ReferralState.Proposed, returned.State);
        Assert.Equal(new[] { "marketing" }, returned.Need.Skills.ToArray());
        Assert.Equal(ReferralEventType.NeedReturned, Assert.Single(returned.Timeline).Type);

        var seenByCustodian = await custodian.GetReferralAsync(returned.Name);
        Assert.Equal(original.Name, seenByCustodian.ReturnedFrom);
        Assert.Equal("Marketing is your thing, not ours.", seenByCustodian.Note);
        var received = await custodian.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = custodian.Name, Role = ReferralRole.Received });
        Assert.Equal(returned.Name, Assert.Single(received.Referrals).Name);

        // The custodian takes it on like any referral; the original is untouched.
        var accepted = await custodian.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = returned.Name });
        Assert.Equal(ReferralState.Accepted, accepted.State);
        Assert.Equal(ReferralState.Accepted, (await receiver.GetReferralAsync(original.Name)).State);
        // The custodian's own client is still blocked for the receiver.
        await Rpc.Fails(StatusCode.FailedPrecondition, "CLIENT_UNDER_CUSTODY", () => receiver.Clients.CreateClientAsync(new CreateClientRequest
        {
            Parent = receiver.Name,
            ClientId = "kunta",
            Client = new Client { DisplayName = "Kunta Oy", BusinessId = "2345678-9" },
        }));
    }
}
