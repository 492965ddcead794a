using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>AIP-155: a member system that retries a call with the same request_id does it once.</summary>
public sealed class IdempotencyTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;

    private async Task<(FirmApi A, FirmApi B)> SetUpAsync()
    {
        var networkId = await _hub.NewNetworkAsync("retry");
        var a = await _hub.RegisterAsync(networkId, "firm-a");
        var b = await _hub.RegisterAsync(networkId, "firm-b");
        await Scenario.PartnerAsync(a, b, TestData.Terms(10));
        await a.CreateClientAsync("asiakas", "Asiakas Oy", businessId: "7777777-7");
        return (a, b);
    }

    [Fact]
    public async Task A_retried_create_referral_makes_one_referral()
    {
        var (a, b) = await SetUpAsync();
        var request = Scenario.ReferralRequest(a, b, "asiakas", requestId: "crm-7f3a-0001");

        var first = await a.Referrals.CreateReferralAsync(request);
        var retry = await a.Referrals.CreateReferralAsync(request);

        Assert.Equal(first.Name, retry.Name);
        Assert.Equal(first.Version, retry.Version);
        Assert.Single(retry.Timeline);
        Assert.Equal(first.Name, Assert.Single((await a.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = a.Name })).Referrals).Name);
        Assert.Equal(first.Name, Assert.Single((await b.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = b.Name })).Referrals).Name);
        Assert.Equal(1, (await a.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = a.PartnershipWith(b) })).ReferralsSent);

        // The same request id for a different referral is a client bug, not a retry.
        var different = Scenario.ReferralRequest(a, b, "asiakas", skill: "basic-it", requestId: "crm-7f3a-0001");
        await Rpc.Fails(StatusCode.InvalidArgument, "REQUEST_ID_REUSED", () => a.Referrals.CreateReferralAsync(different));
        // Without a request id every call is a new referral.
        var other = await Scenario.ReferAsync(a, b, "asiakas");
        Assert.NotEqual(first.Name, other.Name);
        Assert.Equal(2, (await a.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = a.Name })).Referrals.Count);
    }

    [Fact]
    public async Task A_retried_log_entry_is_logged_once()
    {
        var (a, _) = await SetUpAsync();
        var client = a.Client("asiakas");
        var hassle = new LogHassleRequest { Parent = client, Kind = HassleKind.Call, Minutes = 40, Note = "Angry call", RequestId = "call-2024-05-01" };

        var first = await a.Clients.LogHassleAsync(hassle);
        var retry = await a.Clients.LogHassleAsync(hassle);
        await a.Clients.LogHassleAsync(new LogHassleRequest { Parent = client, Kind = HassleKind.Call, Minutes = 20, RequestId = "call-2024-05-02" });

        Assert.Equal(first, retry);
        var entries = (await a.Clients.ListHassleEntriesAsync(new ListHassleEntriesRequest { Parent = client })).Entries;
        Assert.Equal(2, entries.Count);
        Assert.Single(entries, e => e.EntryId == first.EntryId);

        var revenue = new LogRevenueRequest { Parent = client, AmountCents = 50_000, RequestId = "invoice-1001" };
        var invoiced = await a.Clients.LogRevenueAsync(revenue);
        Assert.Equal(invoiced, await a.Clients.LogRevenueAsync(revenue));
        Assert.Single((await a.Clients.ListRevenueEntriesAsync(new ListRevenueEntriesRequest { Parent = client })).Entries);

        // The difficulty counts each entry once: 60 min for 500 € is 2 h per 1 000 €.
        var difficulty = (await a.Clients.GetClientAsync(new GetClientRequest { Name = client })).Difficulty;
        Assert.Equal(60, difficulty.HassleMinutes);
        Assert.Equal(50_000, difficulty.RevenueCents);
        Assert.Equal(2, difficulty.HassleByKind.Single(k => k.Kind == HassleKind.Call).Count);
        Assert.Equal(DifficultyLevel.Medium, difficulty.Level);
    }

    [Fact]
    public async Task A_retried_transition_returns_the_result_instead_of_failing()
    {
        var (a, b) = await SetUpAsync();
        var referral = await Scenario.ReferAsync(a, b, "asiakas");
        var accept = new AcceptReferralRequest { Name = referral.Name, RequestId = "accept-1" };

        var accepted = await b.Referrals.AcceptReferralAsync(accept);
        var retried = await b.Referrals.AcceptReferralAsync(accept);

        Assert.Equal(ReferralState.Accepted, retried.State);
        Assert.Equal(accepted.Version, retried.Version);
        Assert.Equal(2, retried.Timeline.Count);
        // A new request (another id) to accept again is a real, illegal second accept.
        await Rpc.Fails(StatusCode.FailedPrecondition, "ILLEGAL_TRANSITION",
            () => b.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = referral.Name, RequestId = "accept-2" }));
    }
}
