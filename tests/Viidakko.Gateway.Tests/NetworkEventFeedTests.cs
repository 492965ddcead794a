using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// The operator's feed of a whole network (AdminService) over a real channel: every firm's events,
/// merged in the order they were stored, each firm's in its own order without gaps; listed in pages
/// or watched (backlog, heartbeat, live); resumable after any cursor; only with the operator's key.
/// </summary>
public sealed class NetworkEventFeedTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;

    private sealed record Network(string Id, string Name, FirmApi Referrer, FirmApi Receiver);

    private async Task<Network> NetworkAsync(string prefix)
    {
        var networkId = await _hub.NewNetworkAsync(prefix);
        var referrer = await _hub.RegisterAsync(networkId, "lahettaja");
        var receiver = await _hub.RegisterAsync(networkId, "vastaanottaja");
        await Scenario.PartnerAsync(referrer, receiver, TestData.Terms(10));
        await referrer.CreateClientAsync("asiakas", "Asiakas Oy", businessId: "4444444-4");
        return new Network(networkId, $"networks/{networkId}", referrer, receiver);
    }

    private async Task<List<NetworkEvent>> AllAsync(string network, string after = "", int pageSize = 3)
    {
        var events = new List<NetworkEvent>();
        while (true)
        {
            var page = await _hub.Admin.ListNetworkEventsAsync(new ListNetworkEventsRequest { Parent = network, AfterCursor = after, PageSize = pageSize });
            events.AddRange(page.Events);
            Assert.Equal(page.Events.Count > 0 ? page.Events[^1].Cursor : after, page.NextCursor);
            if (page.UpToDate)
            {
                return events;
            }

            after = page.NextCursor;
        }
    }

    private static async Task<List<Event>> FeedAsync(FirmApi firm) =>
        [.. (await firm.Events.ListEventsAsync(new ListEventsRequest { Parent = firm.Name, PageSize = 1000 })).Events];

    private static async Task<Referral> WinAsync(Network n)
    {
        var referral = await Scenario.ReferAsync(n.Referrer, n.Receiver, "asiakas");
        await n.Receiver.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = referral.Name });
        await n.Receiver.Referrals.StartReferralAsync(new StartReferralRequest { Name = referral.Name });
        return await n.Receiver.Referrals.MarkReferralWonAsync(new MarkReferralWonRequest { Name = referral.Name, WonValueCents = 500_000, ContractMonths = 1 });
    }

    [Fact]
    public async Task The_operator_sees_every_firms_events_merged_each_firm_in_its_own_order()
    {
        var n = await NetworkAsync("netfeed-all");
        var other = await NetworkAsync("netfeed-other");
        await WinAsync(n);
        await WinAsync(other);

        var all = await AllAsync(n.Name);

        // Exactly the two firms' feeds, nothing of the other network, each firm's events in position order.
        var sent = await FeedAsync(n.Referrer);
        var received = await FeedAsync(n.Receiver);
        Assert.Equal(sent.Count + received.Count, all.Count);
        Assert.Equal(sent, all.Where(e => e.Event.Name.StartsWith(n.Referrer.Name + "/", StringComparison.Ordinal)).Select(e => e.Event));
        Assert.Equal(received, all.Where(e => e.Event.Name.StartsWith(n.Receiver.Name + "/", StringComparison.Ordinal)).Select(e => e.Event));
        Assert.All(all, e => Assert.StartsWith(n.Name + "/firms/", e.Event.Name, StringComparison.Ordinal));
        Assert.Equal(all.Count, all.Select(e => e.Cursor).Distinct().Count());

        // One referral's steps, as both firms saw them, in the order they happened.
        var steps = all.Where(e => e.Event.Type is EventType.ReferralSent or EventType.ReferralReceived or EventType.ReferralAccepted
            or EventType.ReferralStarted or EventType.ReferralWon).Select(e => e.Event.State).Distinct().ToList();
        Assert.Equal(["PROPOSED", "ACCEPTED", "IN_PROGRESS", "WON"], steps);

        // Paging changes nothing: one page of everything is the same list.
        Assert.Equal(all, await AllAsync(n.Name, pageSize: 1000));
    }

    [Fact]
    public async Task Resuming_after_any_cursor_returns_exactly_what_followed_it()
    {
        var n = await NetworkAsync("netfeed-resume");
        await WinAsync(n);
        var all = await AllAsync(n.Name);

        for (var i = 0; i < all.Count; i += 3)
        {
            Assert.Equal(all.Skip(i + 1), await AllAsync(n.Name, after: all[i].Cursor));
        }

        var head = await _hub.Admin.ListNetworkEventsAsync(new ListNetworkEventsRequest { Parent = n.Name, AfterCursor = all[^1].Cursor });
        Assert.Empty(head.Events);
        Assert.True(head.UpToDate);
        Assert.Equal(all[^1].Cursor, head.NextCursor);

        // What happens later comes after the old head.
        await n.Referrer.CreateClientAsync("toinen", "Toinen Oy");
        await Scenario.ReferAsync(n.Referrer, n.Receiver, "toinen");
        var later = await AllAsync(n.Name, after: all[^1].Cursor);
        Assert.Equal([EventType.ReferralSent, EventType.ReferralReceived], later.Select(e => e.Event.Type).Order());
    }

    [Fact]
    public async Task A_watch_sends_the_backlog_a_heartbeat_then_each_change_live()
    {
        var n = await NetworkAsync("netfeed-watch");
        var backlog = await AllAsync(n.Name);

        using var watch = _hub.Admin.WatchNetworkEvents(new WatchNetworkEventsRequest { Parent = n.Name });
        var stream = watch.ResponseStream;
        var seen = new List<NetworkEvent>();
        for (var i = 0; i < backlog.Count; i++)
        {
            seen.Add(await NextEventAsync(stream));
        }

        Assert.Equal(backlog, seen);
        Assert.Equal(backlog[^1].Cursor, (await NextHeartbeatAsync(stream)).Cursor);

        var referral = await Scenario.ReferAsync(n.Referrer, n.Receiver, "asiakas");
        var live = new[] { await NextEventAsync(stream), await NextEventAsync(stream) };
        Assert.Equal([EventType.ReferralSent, EventType.ReferralReceived], live.Select(e => e.Event.Type).Order());
        Assert.All(live, e => Assert.Equal(referral.Name, e.Event.Resource));

        // Quiet again: heartbeats at the new head.
        Assert.Equal(live[1].Cursor, (await NextHeartbeatAsync(stream)).Cursor);

        // A watch resumed after a cursor starts right after it.
        using var resumed = _hub.Admin.WatchNetworkEvents(new WatchNetworkEventsRequest { Parent = n.Name, AfterCursor = backlog[^1].Cursor });
        Assert.Equal(live[0], await NextEventAsync(resumed.ResponseStream));
        Assert.Equal(live[1], await NextEventAsync(resumed.ResponseStream));
    }

    [Fact]
    public async Task Only_the_operator_reads_a_network_feed()
    {
        var n = await NetworkAsync("netfeed-private");
        var request = new ListNetworkEventsRequest { Parent = n.Name };

        // A member's own key is no operator key, not even for its own network.
        var asMember = new AdminService.AdminServiceClient(_hub.As(n.Referrer.ApiKey));
        await Rpc.Fails(StatusCode.Unauthenticated, () => asMember.ListNetworkEventsAsync(request));
        using (var watch = asMember.WatchNetworkEvents(new WatchNetworkEventsRequest { Parent = n.Name }))
        {
            Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext())).StatusCode);
        }

        var anonymous = new AdminService.AdminServiceClient(_hub.Channel);
        await Rpc.Fails(StatusCode.Unauthenticated, () => anonymous.ListNetworkEventsAsync(request));
    }

    [Fact]
    public async Task A_bad_cursor_name_or_page_size_is_refused_and_an_unknown_network_is_not_found()
    {
        var n = await NetworkAsync("netfeed-invalid");
        await Rpc.Invalid(() => _hub.Admin.ListNetworkEventsAsync(new ListNetworkEventsRequest { Parent = n.Name, AfterCursor = "42" }), "after_cursor");
        await Rpc.Invalid(() => _hub.Admin.ListNetworkEventsAsync(new ListNetworkEventsRequest { Parent = n.Name, PageSize = -1 }), "page_size");
        await Rpc.Invalid(() => _hub.Admin.ListNetworkEventsAsync(new ListNetworkEventsRequest { Parent = n.Referrer.Name }), "parent");
        await Rpc.Fails(StatusCode.NotFound, () => _hub.Admin.ListNetworkEventsAsync(new ListNetworkEventsRequest { Parent = "networks/ei-ole" }));
        using var watch = _hub.Admin.WatchNetworkEvents(new WatchNetworkEventsRequest { Parent = n.Name, AfterCursor = "x-y" });
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext())).StatusCode);
    }

    private static async Task<NetworkEvent> NextEventAsync(IAsyncStreamReader<WatchNetworkEventsResponse> stream) =>
        (await Watch.NextWhereAsync(stream, m => m.KindCase == WatchNetworkEventsResponse.KindOneofCase.Event)).Event;

    private static async Task<NetworkHeartbeat> NextHeartbeatAsync(IAsyncStreamReader<WatchNetworkEventsResponse> stream)
    {
        var message = await Watch.NextAsync(stream);
        Assert.Equal(WatchNetworkEventsResponse.KindOneofCase.Heartbeat, message.KindCase);
        return message.Heartbeat;
    }
}
