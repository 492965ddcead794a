using Google.Rpc;
using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// The event feed over a real channel: every change both firms must know about, in order and without
/// gaps, listed or watched (backlog, then live, with heartbeats), only by the firm it belongs to.
/// </summary>
public sealed class EventFeedTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;

    private sealed record Pair(FirmApi Referrer, FirmApi Receiver);

    private async Task<Pair> PartnersAsync(string prefix)
    {
        var networkId = await _hub.NewNetworkAsync(prefix);
        var referrer = await _hub.RegisterAsync(networkId, "lahettaja");
        var receiver = await _hub.RegisterAsync(networkId, "vastaanottaja");
        await Scenario.PartnerAsync(referrer, receiver, TestData.Terms(10));
        await referrer.CreateClientAsync("asiakas", "Asiakas Oy", businessId: "4444444-4");
        return new Pair(referrer, receiver);
    }

    private static async Task<List<Event>> AllEventsAsync(FirmApi firm, long after = 0)
    {
        var events = new List<Event>();
        while (true)
        {
            var page = await firm.Events.ListEventsAsync(new ListEventsRequest { Parent = firm.Name, AfterPosition = after, PageSize = 3 });
            events.AddRange(page.Events);
            if (page.Events.Count == 0 || page.Events[^1].Position == page.HeadPosition)
            {
                return events;
            }

            after = page.Events[^1].Position;
        }
    }

    private static async Task<Referral> WinAndPayAsync(Pair p)
    {
        var referral = await Scenario.ReferAsync(p.Referrer, p.Receiver, "asiakas");
        await p.Receiver.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = referral.Name });
        await p.Receiver.Referrals.StartReferralAsync(new StartReferralRequest { Name = referral.Name });
        await p.Receiver.Referrals.MarkReferralWonAsync(new MarkReferralWonRequest { Name = referral.Name, WonValueCents = 500_000, ContractMonths = 1 });
        return await p.Referrer.Referrals.MarkFeePaidAsync(new MarkFeePaidRequest { Name = referral.Name, Note = "invoice 17" });
    }

    [Fact]
    public async Task Both_firms_feeds_hold_every_step_of_a_partnership_and_a_referral_in_order()
    {
        var p = await PartnersAsync("events-flow");
        var referral = await WinAndPayAsync(p);

        var sent = await AllEventsAsync(p.Referrer);
        var received = await AllEventsAsync(p.Receiver);

        Assert.Equal(
            [EventType.PartnershipProposed, EventType.PartnershipAccepted, EventType.ReferralSent, EventType.ReferralAccepted,
             EventType.ReferralStarted, EventType.ReferralWon, EventType.ReferralFeeDue, EventType.ReferralFeePaid],
            sent.Select(e => e.Type));
        Assert.Equal(
            [EventType.PartnershipProposed, EventType.PartnershipAccepted, EventType.ReferralReceived, EventType.ReferralAccepted,
             EventType.ReferralStarted, EventType.ReferralWon, EventType.ReferralFeeDue, EventType.ReferralFeePaid],
            received.Select(e => e.Type));

        foreach (var (feed, firm) in new[] { (sent, p.Referrer), (received, p.Receiver) })
        {
            // Numbered 1, 2, 3, ... per firm, each named by its firm and position.
            Assert.Equal(Enumerable.Range(1, feed.Count).Select(i => (long)i), feed.Select(e => e.Position));
            Assert.All(feed, e => Assert.Equal($"{firm.Name}/events/{e.Position}", e.Name));
            Assert.All(feed.Skip(2), e => Assert.Equal(referral.Name, e.Resource));
            Assert.All(feed.Skip(2), e => Assert.Equal("REFERRAL", e.ReferralKind));
        }

        // Who acted, and the state each step left.
        Assert.Equal(p.Referrer.Name, received[0].Actor);
        Assert.Equal(p.Receiver.PartnershipWith(p.Referrer), received[0].Resource);
        Assert.Equal(p.Receiver.Name, sent[1].Actor);
        Assert.Equal("ACTIVE", sent[1].State);
        Assert.Equal(p.Referrer.Name, received[2].Actor);
        Assert.Equal(p.Receiver.Name, sent[3].Actor);
        Assert.Equal(["PROPOSED", "ACCEPTED", "IN_PROGRESS", "WON"], sent.Skip(2).Take(4).Select(e => e.State));
        Assert.Equal(referral.FeeDueCents, sent[6].AmountCents);
        Assert.Equal(referral.FeePaidCents, received[7].AmountCents);
        Assert.Equal(p.Referrer.Name, received[7].Actor);
    }

    [Fact]
    public async Task A_decline_carries_its_reason_and_an_expiry_names_the_hub()
    {
        var p = await PartnersAsync("events-decline");
        var declined = await Scenario.ReferAsync(p.Referrer, p.Receiver, "asiakas");
        await p.Receiver.Referrals.DeclineReferralAsync(new DeclineReferralRequest { Name = declined.Name, Reason = DeclineReason.NoCapacity });

        var last = (await AllEventsAsync(p.Referrer))[^1];
        Assert.Equal(EventType.ReferralDeclined, last.Type);
        Assert.Equal("NO_CAPACITY", last.Reason);
        Assert.Equal("DECLINED", last.State);
        Assert.Equal(p.Receiver.Name, last.Actor);
    }

    [Fact]
    public async Task A_watch_sends_what_is_stored_then_each_change_as_it_happens_and_heartbeats_between()
    {
        var p = await PartnersAsync("events-watch");
        using var watch = p.Receiver.Events.WatchEvents(new WatchEventsRequest { Parent = p.Receiver.Name, AfterPosition = 0 });
        var stream = watch.ResponseStream;

        // The backlog: the partnership's two events, then a heartbeat saying the watcher is up to date.
        Assert.Equal(EventType.PartnershipProposed, (await NextEventAsync(stream)).Type);
        Assert.Equal(EventType.PartnershipAccepted, (await NextEventAsync(stream)).Type);
        var heartbeat = await NextHeartbeatAsync(stream);
        Assert.Equal(2, heartbeat.HeadPosition);

        // Live: a referral sent now arrives on the open stream.
        var referral = await Scenario.ReferAsync(p.Referrer, p.Receiver, "asiakas");
        var live = await NextEventAsync(stream);
        Assert.Equal(EventType.ReferralReceived, live.Type);
        Assert.Equal(3, live.Position);
        Assert.Equal(referral.Name, live.Resource);

        // Nothing more happens: heartbeats keep coming, with the head.
        Assert.Equal(3, (await NextHeartbeatAsync(stream)).HeadPosition);
        Assert.Equal(3, (await NextHeartbeatAsync(stream)).HeadPosition);
    }

    [Fact]
    public async Task A_watch_resumed_after_a_position_starts_right_after_it()
    {
        var p = await PartnersAsync("events-resume");
        await WinAndPayAsync(p);
        var all = await AllEventsAsync(p.Receiver);

        using var watch = p.Receiver.Events.WatchEvents(new WatchEventsRequest { Parent = p.Receiver.Name, AfterPosition = 4 });
        var resumed = new List<Event>();
        for (var i = 5; i <= all.Count; i++)
        {
            resumed.Add(await NextEventAsync(watch.ResponseStream));
        }

        Assert.Equal(all.Skip(4).Select(e => e.Name), resumed.Select(e => e.Name));
        Assert.Equal(all.Count, (await NextHeartbeatAsync(watch.ResponseStream)).HeadPosition);
    }

    [Fact]
    public async Task A_firm_reads_only_its_own_feed()
    {
        var p = await PartnersAsync("events-private");
        await Scenario.ReferAsync(p.Referrer, p.Receiver, "asiakas");
        var outsiderNetwork = await _hub.NewNetworkAsync("events-outsider");
        var outsider = await _hub.RegisterAsync(outsiderNetwork, "utelias");

        await Rpc.Fails(StatusCode.PermissionDenied, () => p.Referrer.Events.ListEventsAsync(new ListEventsRequest { Parent = p.Receiver.Name }));
        await Rpc.Fails(StatusCode.PermissionDenied, () => outsider.Events.ListEventsAsync(new ListEventsRequest { Parent = p.Receiver.Name }));
        using var watch = p.Referrer.Events.WatchEvents(new WatchEventsRequest { Parent = p.Receiver.Name });
        var error = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);

        var anonymous = new EventService.EventServiceClient(_hub.Channel);
        await Rpc.Fails(StatusCode.Unauthenticated, () => anonymous.ListEventsAsync(new ListEventsRequest { Parent = p.Receiver.Name }));
    }

    [Fact]
    public async Task A_position_that_is_negative_or_beyond_the_head_is_refused()
    {
        var p = await PartnersAsync("events-invalid");
        await Rpc.Invalid(() => p.Referrer.Events.ListEventsAsync(new ListEventsRequest { Parent = p.Referrer.Name, AfterPosition = -1 }), "after_position");
        await Rpc.Invalid(() => p.Referrer.Events.ListEventsAsync(new ListEventsRequest { Parent = p.Referrer.Name, AfterPosition = 99 }), "after_position");
        await Rpc.Invalid(() => p.Referrer.Events.ListEventsAsync(new ListEventsRequest { Parent = p.Referrer.Name, PageSize = -5 }), "page_size");
    }

    [Fact]
    public async Task Suspension_and_a_rotated_key_are_events_and_end_an_open_watch()
    {
        var p = await PartnersAsync("events-operator");
        using var watch = p.Receiver.Events.WatchEvents(new WatchEventsRequest { Parent = p.Receiver.Name, AfterPosition = 2 });
        await NextHeartbeatAsync(watch.ResponseStream);

        var rotated = await _hub.Admin.RotateFirmKeyAsync(new RotateFirmKeyRequest { Name = p.Receiver.Name, PreviousKeyGrace = new Google.Protobuf.WellKnownTypes.Duration() });
        // The watch opened with the old key (revoked at once) ends at its next heartbeat.
        var ended = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await watch.ResponseStream.MoveNext())
            {
            }
        });
        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);

        var receiver = _hub.Firm(p.Receiver.NetworkId, p.Receiver.FirmId, rotated.ApiKey);
        await _hub.Admin.SetFirmSuspendedAsync(new SetFirmSuspendedRequest { Name = receiver.Name, Suspended = true });
        // Suspending a suspended firm changes nothing, so it is no event.
        await _hub.Admin.SetFirmSuspendedAsync(new SetFirmSuspendedRequest { Name = receiver.Name, Suspended = true });
        await _hub.Admin.SetFirmSuspendedAsync(new SetFirmSuspendedRequest { Name = receiver.Name, Suspended = false });
        var events = await AllEventsAsync(receiver, after: 2);
        Assert.Equal([EventType.ApiKeyRotated, EventType.FirmSuspended, EventType.FirmReinstated], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("operator", e.Actor));
        Assert.Equal(["ACTIVE", "SUSPENDED", "ACTIVE"], events.Select(e => e.State));
    }

    private static async Task<Event> NextEventAsync(IAsyncStreamReader<WatchEventsResponse> stream) =>
        (await Watch.NextWhereAsync(stream, m => m.KindCase == WatchEventsResponse.KindOneofCase.Event)).Event;

    private static async Task<Heartbeat> NextHeartbeatAsync(IAsyncStreamReader<WatchEventsResponse> stream)
    {
        var message = await Watch.NextAsync(stream);
        Assert.Equal(WatchEventsResponse.KindOneofCase.Heartbeat, message.KindCase);
        return message.Heartbeat;
    }
}
