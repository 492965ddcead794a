using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// Tenants kept apart on a gateway: a firm that spends its rate limit is refused with
/// RESOURCE_EXHAUSTED (RATE_LIMITED) and a RetryInfo (429 and Retry-After on HTTP/JSON) while its
/// neighbours go on; a network's limit holds for all its firms together and not for another network;
/// a firm holds only so many event watches open; the operator is not limited.
/// </summary>
public sealed class RateLimitTests() : OwnHubTest("limits")
{
    private static async Task<RpcException?> SpendUntilRefusedAsync(Func<Task> call, int attempts)
    {
        for (var i = 0; i < attempts; i++)
        {
            try
            {
                await call();
            }
            catch (RpcException e)
            {
                return e;
            }
        }

        return null;
    }

    [Fact]
    public async Task A_firm_that_spends_its_limit_waits_and_its_neighbour_does_not()
    {
        // 20 cost units a second (a bucket of 40): four matches' worth.
        await using var hub = await HubHost.StartAsync(DataDir, AdminKey, settings: ["--Viidakko:FirmRateLimit=20"]);
        var networkId = await hub.NewNetworkAsync("firm");
        var greedy = await hub.RegisterAsync(networkId, "ahne");
        var calm = await hub.RegisterAsync(networkId, "rauhallinen");
        var match = new MatchPartnersRequest { Parent = greedy.Name, Skills = { new SkillRequirement { Skill = "web" } } };

        var refused = await SpendUntilRefusedAsync(() => greedy.Matches.MatchPartnersAsync(match).ResponseAsync, 20);
        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        var status = refused.GetRpcStatus()!;
        Assert.Equal(Reasons.RateLimited, status.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
        var retry = status.GetDetail<Google.Rpc.RetryInfo>()!.RetryDelay.ToTimeSpan();
        Assert.InRange(retry, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2));

        // The neighbour is not held back, and the operator never is.
        await calm.Firms.GetFirmAsync(new GetFirmRequest { Name = calm.Name });
        for (var i = 0; i < 50; i++)
        {
            await hub.Admin.GetNetworkAsync(new GetNetworkRequest { Name = $"networks/{networkId}" });
        }

        // After the wait it was told, the firm goes on.
        await Task.Delay(retry + TimeSpan.FromMilliseconds(200));
        await greedy.Matches.MatchPartnersAsync(match);

        // Over HTTP/JSON the same refusal is a 429 with Retry-After.
        using var http = new HttpClient { BaseAddress = new Uri(hub.HttpAddress), DefaultRequestVersion = HttpVersion.Version11 };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", greedy.ApiKey);
        HttpResponseMessage? response = null;
        for (var i = 0; i < 20; i++)
        {
            response = await http.PostAsync($"/v1/{greedy.Name}:matchPartners", new StringContent("""{"skills":[{"skill":"web"}]}""", System.Text.Encoding.UTF8, "application/json"));
            if (response.StatusCode != HttpStatusCode.OK) break;
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, response!.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), response.Headers.ToString());
        Assert.Contains("RATE_LIMITED", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_networks_limit_holds_for_all_its_firms_together_and_not_for_another_network()
    {
        await using var hub = await HubHost.StartAsync(DataDir, AdminKey, settings: ["--Viidakko:FirmRateLimit=0", "--Viidakko:NetworkRateLimit=30"]);
        var noisy = await hub.NewNetworkAsync("noisy");
        var quiet = await hub.NewNetworkAsync("quiet");
        var a = await hub.RegisterAsync(noisy, "a");
        var b = await hub.RegisterAsync(noisy, "b");
        var c = await hub.RegisterAsync(quiet, "c");

        // Each alone is within any firm limit (there is none here); together they spend the network's.
        var refused = await SpendUntilRefusedAsync(async () =>
        {
            await a.Firms.GetFirmAsync(new GetFirmRequest { Name = a.Name });
            await b.Firms.GetFirmAsync(new GetFirmRequest { Name = b.Name });
        }, 100);
        Assert.NotNull(refused);
        Assert.Contains($"network '{noisy}'", refused.Status.Detail, StringComparison.Ordinal);
        for (var i = 0; i < 20; i++)
        {
            await c.Firms.GetFirmAsync(new GetFirmRequest { Name = c.Name });
        }
    }

    [Fact]
    public async Task The_operator_sets_a_networks_own_limits_and_they_hold_at_once()
    {
        await using var hub = await HubHost.StartAsync(DataDir, AdminKey);
        var tight = await hub.NewNetworkAsync("tight");
        var roomy = await hub.NewNetworkAsync("roomy");
        var a = await hub.RegisterAsync(tight, "a");
        var b = await hub.RegisterAsync(roomy, "b");
        var read = (FirmApi f) => f.Firms.GetFirmAsync(new GetFirmRequest { Name = f.Name }).ResponseAsync;

        // Under the hub's default (1,000 a second) fifty reads pass.
        for (var i = 0; i < 50; i++) await read(a);

        var bad = await Assert.ThrowsAsync<RpcException>(() => hub.Admin.UpdateNetworkAsync(new UpdateNetworkRequest
        {
            Network = new Network { Name = $"networks/{tight}", Limits = new NetworkLimits { FirmCostPerSecond = -1 } },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "limits" } },
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);

        var updated = await hub.Admin.UpdateNetworkAsync(new UpdateNetworkRequest
        {
            Network = new Network { Name = $"networks/{tight}", Limits = new NetworkLimits { FirmCostPerSecond = 5 } },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "limits" } },
        });
        Assert.Equal(5, updated.Limits.FirmCostPerSecond);
        Assert.Equal(5, (await hub.Admin.GetNetworkAsync(new GetNetworkRequest { Name = $"networks/{tight}" })).Limits.FirmCostPerSecond);

        // A bucket of 10 (twice 5): the eleventh read in a burst is refused; the other network is not held.
        var refused = await SpendUntilRefusedAsync(() => read(a), 30);
        Assert.NotNull(refused);
        Assert.Contains("5 cost units a second", refused.Status.Detail, StringComparison.Ordinal);
        for (var i = 0; i < 50; i++) await read(b);

        // Back to the hub's default (zeros).
        await hub.Admin.UpdateNetworkAsync(new UpdateNetworkRequest
        {
            Network = new Network { Name = $"networks/{tight}", Limits = new NetworkLimits() },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "limits" } },
        });
        for (var i = 0; i < 50; i++) await read(a);
    }

    [Fact]
    public async Task A_firm_opens_only_its_networks_daily_quota_of_referrals_and_proposals()
    {
        await using var hub = await HubHost.StartAsync(DataDir, AdminKey);
        var networkId = await hub.NewNetworkAsync("quota");
        await hub.Admin.UpdateNetworkAsync(new UpdateNetworkRequest
        {
            Network = new Network { Name = $"networks/{networkId}", Limits = new NetworkLimits { ReferralsPerFirmPerDay = 2, ProposalsPerFirmPerDay = 1 } },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "limits" } },
        });
        var a = await hub.RegisterAsync(networkId, "lahettaja");
        var b = await hub.RegisterAsync(networkId, "vastaanottaja");
        var c = await hub.RegisterAsync(networkId, "kolmas");
        await Scenario.PartnerAsync(a, b, TestData.Terms(10));

        // One proposal a day: the second is refused until midnight UTC.
        var proposal = await Assert.ThrowsAsync<RpcException>(() => a.Partnerships.ProposePartnershipAsync(new ProposePartnershipRequest
        {
            Parent = a.Name, Partner = c.Name, Terms = TestData.Terms(10),
        }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, proposal.StatusCode);
        Assert.Equal(Reasons.FlowQuotaExceeded, proposal.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
        Assert.True(proposal.GetRpcStatus()!.GetDetail<Google.Rpc.RetryInfo>()!.RetryDelay.ToTimeSpan() <= TimeSpan.FromDays(1));

        // Two referrals a day; a retry of the second (its request id) is answered and not counted.
        for (var i = 0; i < 3; i++) await a.CreateClientAsync($"asiakas-{i}", $"Asiakas {i} Oy");
        await a.Referrals.CreateReferralAsync(Scenario.ReferralRequest(a, b, "asiakas-0"));
        var second = Scenario.ReferralRequest(a, b, "asiakas-1", requestId: "toinen");
        var first = await a.Referrals.CreateReferralAsync(second);
        Assert.Equal(first.Name, (await a.Referrals.CreateReferralAsync(second)).Name);
        var third = await Assert.ThrowsAsync<RpcException>(() => a.Referrals.CreateReferralAsync(Scenario.ReferralRequest(a, b, "asiakas-2")).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, third.StatusCode);
        Assert.Equal(Reasons.FlowQuotaExceeded, third.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);

        // Another firm of the network has its own quota.
        await Scenario.PartnerAsync(b, c, TestData.Terms(10));
        await b.CreateClientAsync("oma", "Oma Oy");
        await Scenario.ReferAsync(b, c, "oma");
    }

    [Fact]
    public async Task One_address_trying_many_accounts_is_slowed_down_before_the_hub_hashes_for_it()
    {
        await using var hub = await HubHost.StartAsync(DataDir, AdminKey);
        using var http = new HttpClient { BaseAddress = new Uri(hub.HttpAddress), DefaultRequestVersion = HttpVersion.Version11 };
        var answers = await Task.WhenAll(Enumerable.Range(0, 80).Select(i => http.PostAsync("/auth/sign-in",
            new StringContent($$"""{"email":"guess-{{i}}@example.fi","password":"password {{i}}"}""", System.Text.Encoding.UTF8, "application/json"))));
        // The burst, and one more for each second the 80 arrivals took (the bucket refills once a second).
        var tried = answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized);
        Assert.InRange(tried, Web.SignInAttempts.Burst, Web.SignInAttempts.Burst + 5);
        var slowed = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(80 - tried, slowed.Count);
        Assert.True(slowed[0].Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Contains("RATE_LIMITED", await slowed[0].Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_firm_holds_only_so_many_watches_open_and_closing_one_makes_room()
    {
        await using var hub = await HubHost.StartAsync(DataDir, AdminKey, settings: ["--Viidakko:MaxWatchesPerFirm=2"]);
        var networkId = await hub.NewNetworkAsync("watches");
        var firm = await hub.RegisterAsync(networkId, "katsoja");
        var request = new WatchEventsRequest { Parent = firm.Name };
        using var first = firm.Events.WatchEvents(request);
        using var second = firm.Events.WatchEvents(request);
        Assert.True(await first.ResponseStream.MoveNext());
        Assert.True(await second.ResponseStream.MoveNext());

        using var third = firm.Events.WatchEvents(request);
        var refused = await Assert.ThrowsAsync<RpcException>(() => third.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal(Reasons.TooManyWatches, refused.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);

        first.Dispose();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var again = firm.Events.WatchEvents(request);
                Assert.True(await again.ResponseStream.MoveNext());
                break;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted && DateTime.UtcNow < deadline)
            {
                // The hub notices the closed watch when its stream ends.
                await Task.Delay(200);
            }
        }
    }
}
