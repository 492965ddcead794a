using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// Automatic re-routing over a real channel: a referrer asks for it, and when a partner declines or
/// lets the proposal expire, the hub offers the same need to the next partner in the ranking, keeping
/// one history the referrer sees (and no receiver does), until the hops asked for are used up.
/// </summary>
public sealed class ReroutingTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;

    private sealed record Network(FirmApi Referrer, FirmApi[] Partners);

    private async Task<Network> NetworkAsync(string prefix, int partners)
    {
        var networkId = await _hub.NewNetworkAsync(prefix);
        var referrer = await _hub.RegisterAsync(networkId, "lahettaja");
        var list = new List<FirmApi>();
        for (var i = 1; i <= partners; i++)
        {
            var partner = await _hub.RegisterAsync(networkId, $"kumppani{i}");
            await Scenario.PartnerAsync(referrer, partner, TestData.Terms(10));
            list.Add(partner);
        }

        await referrer.CreateClientAsync("asiakas", "Asiakas Oy", businessId: "4444444-4");
        return new Network(referrer, [.. list]);
    }

    private static Task<Referral> ReferWithReroutingAsync(Network n, FirmApi first, int hops)
    {
        var request = Scenario.ReferralRequest(n.Referrer, first, "asiakas");
        request.Referral.Reroute = new ReferralReroute { MaxHops = hops };
        return n.Referrer.Referrals.CreateReferralAsync(request).ResponseAsync;
    }

    /// <summary>The referral the need moved on to from <paramref name="from"/>, once the hub made it.</summary>
    private static async Task<Referral> NextHopAsync(FirmApi referrer, string from)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var old = await referrer.GetReferralAsync(from);
            if (old.ReroutedTo.Length > 0)
            {
                return await referrer.GetReferralAsync(old.ReroutedTo);
            }

            Assert.True(DateTime.UtcNow < deadline, $"{from} was never re-routed");
            await Task.Delay(100);
        }
    }

    private static async Task<List<Event>> EventsAsync(FirmApi firm) =>
        [.. (await firm.Events.ListEventsAsync(new ListEventsRequest { Parent = firm.Name, PageSize = 1000 })).Events];

    [Fact]
    public async Task A_declined_need_moves_to_the_next_partner_with_one_history_until_the_hops_are_used()
    {
        var n = await NetworkAsync("reroute-decline", 3);
        var first = await ReferWithReroutingAsync(n, n.Partners[0], hops: 2);
        Assert.Equal((2, first.Name, 0), (first.Reroute.MaxHops, first.Reroute.Origin, first.Reroute.Hops.Count));

        await n.Partners[0].Referrals.DeclineReferralAsync(new DeclineReferralRequest { Name = first.Name, Reason = DeclineReason.NoCapacity });
        var second = await NextHopAsync(n.Referrer, first.Name);
        var hop = Assert.Single(second.Reroute.Hops);
        Assert.Equal((first.Name, n.Partners[0].Name, ReferralState.Declined, DeclineReason.NoCapacity), (hop.Referral, hop.Receiver, hop.State, hop.DeclineReason));
        Assert.NotEqual(n.Partners[0].Name, second.Receiver);
        Assert.Equal((first.Client, first.Need, first.Warmth, first.Note, ReferralState.Proposed), (second.Client, second.Need, second.Warmth, second.Note, second.State));
        Assert.Equal(first.Name, second.Reroute.Origin);

        // The new receiver sees an ordinary referral: nothing of who had it before.
        var receiver = n.Partners.Single(p => p.Name == second.Receiver);
        var seen = await receiver.GetReferralAsync(second.Name);
        Assert.Null(seen.Reroute);
        Assert.Equal("", seen.ReroutedTo);
        // Nor does the partner that declined learn where it went.
        Assert.Equal("", (await n.Partners[0].GetReferralAsync(first.Name)).ReroutedTo);

        var rerouted = (await EventsAsync(n.Referrer)).Single(e => e.Type == EventType.ReferralRerouted);
        Assert.Equal((second.Name, "DECLINED", "hub"), (rerouted.Resource, rerouted.Reason, rerouted.Actor));
        Assert.Contains(await EventsAsync(receiver), e => e.Type == EventType.ReferralReceived && e.Resource == second.Name);
        Assert.DoesNotContain(await EventsAsync(receiver), e => e.Type == EventType.ReferralRerouted);

        // The second declines too: the third partner, the last one not tried, gets it.
        await receiver.Referrals.DeclineReferralAsync(new DeclineReferralRequest { Name = second.Name, Reason = DeclineReason.NotAFit });
        var third = await NextHopAsync(n.Referrer, second.Name);
        Assert.Equal([n.Partners[0].Name, receiver.Name], third.Reroute.Hops.Select(h => h.Receiver));
        var last = n.Partners.Single(p => p.Name == third.Receiver);
        Assert.DoesNotContain(third.Receiver, third.Reroute.Hops.Select(h => h.Receiver));

        // Two hops asked for, two made: a third decline leaves the need with the referrer.
        await last.Referrals.DeclineReferralAsync(new DeclineReferralRequest { Name = third.Name, Reason = DeclineReason.NoCapacity });
        var exhausted = await PollEventAsync(n.Referrer, EventType.ReferralRerouteExhausted);
        Assert.Equal((third.Name, "HOPS_USED"), (exhausted.Resource, exhausted.Reason));
        Assert.Equal("", (await n.Referrer.GetReferralAsync(third.Name)).ReroutedTo);
    }

    [Fact]
    public async Task An_expired_need_moves_on_and_with_no_partner_left_comes_back_to_the_referrer()
    {
        var n = await NetworkAsync("reroute-expiry", 2);
        var request = Scenario.ReferralRequest(n.Referrer, n.Partners[0], "asiakas");
        request.Referral.Reroute = new ReferralReroute { MaxHops = 5 };
        request.Referral.ExpireTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(fixture.Clock.GetUtcNow().AddHours(2));
        var first = await n.Referrer.Referrals.CreateReferralAsync(request);

        fixture.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(ReferralState.Expired, (await n.Referrer.GetReferralAsync(first.Name)).State);
        var second = await NextHopAsync(n.Referrer, first.Name);
        Assert.Equal((n.Partners[1].Name, ReferralState.Expired), (second.Receiver, second.Reroute.Hops.Single().State));

        await n.Partners[1].Referrals.DeclineReferralAsync(new DeclineReferralRequest { Name = second.Name, Reason = DeclineReason.NoCapacity });
        var exhausted = await PollEventAsync(n.Referrer, EventType.ReferralRerouteExhausted);
        Assert.Equal((second.Name, "NO_PARTNER_LEFT"), (exhausted.Resource, exhausted.Reason));
    }

    [Fact]
    public async Task More_hops_than_five_are_refused()
    {
        var n = await NetworkAsync("reroute-bad", 1);
        var request = Scenario.ReferralRequest(n.Referrer, n.Partners[0], "asiakas");
        request.Referral.Reroute = new ReferralReroute { MaxHops = 6 };
        await Rpc.Invalid(() => n.Referrer.Referrals.CreateReferralAsync(request), "referral.reroute.max_hops");
    }

    private static async Task<Event> PollEventAsync(FirmApi firm, EventType type)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if ((await EventsAsync(firm)).FirstOrDefault(e => e.Type == type) is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no {type} event");
            await Task.Delay(100);
        }
    }
}
