using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary><see cref="WebhookQueue"/>: which events each endpoint gets, in what order, and how failures back it off.</summary>
public sealed class WebhookQueueTests
{
    private static readonly DateTime T0 = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private static FirmEvent Event(long position, FirmEventType type = FirmEventType.ReferralReceived) =>
        new(position, T0, type, FirmEventSubject.Referral, "r-" + position, "alfa", "PROPOSED");

    private static (WebhookQueue Queue, List<WebhookEndpointEntry> Endpoints, List<WebhookDeliveryEntry> Deliveries) Queue(params WebhookEndpointEntry[] endpoints)
    {
        var list = endpoints.ToList();
        var deliveries = new List<WebhookDeliveryEntry>();
        return (new WebhookQueue(list, deliveries), list, deliveries);
    }

    private static WebhookEndpointEntry Endpoint(string id, long position = 0, params FirmEventType[] types) =>
        new(id, $"https://example.com/{id}", types, "", "whsec_x", T0, position);

    [Fact]
    public void Each_endpoint_gets_the_events_after_its_position_that_it_asked_for()
    {
        var (queue, endpoints, deliveries) = Queue(Endpoint("wh-a"), Endpoint("wh-b", 2, FirmEventType.ReferralAccepted));
        Assert.Equal(0, queue.ReadFrom());
        Assert.True(queue.Enqueue([Event(1), Event(2), Event(3, FirmEventType.ReferralAccepted)], T0));

        Assert.Equal([1L, 2, 3], deliveries.Where(d => d.EndpointId == "wh-a").Select(d => d.Position));
        Assert.Equal([3L], deliveries.Where(d => d.EndpointId == "wh-b").Select(d => d.Position));
        Assert.Equal([3L, 3], endpoints.Select(e => e.Position));
        // Read again (a repeated page): nothing is queued twice.
        Assert.False(queue.Enqueue([Event(2), Event(3)], T0));
        Assert.Equal(4, deliveries.Count);
    }

    [Fact]
    public void A_failure_backs_the_endpoint_off_and_the_others_wait_behind_it_in_order()
    {
        var (queue, endpoints, deliveries) = Queue(Endpoint("wh-a"));
        queue.Enqueue([Event(1), Event(2), Event(3)], T0);
        var due = Assert.Single(queue.Due(T0));
        Assert.Equal([1L, 2, 3], due.Deliveries.Select(d => d.Position));

        Assert.False(queue.Record(due.Deliveries[0], false, 500, "HTTP 500", T0, 0.5));
        var retry = endpoints[0].RetryTime!.Value;
        Assert.Equal(T0.AddSeconds(30), retry);
        Assert.Empty(queue.Due(T0.AddSeconds(29)));
        Assert.Equal(retry, queue.NextDue());

        // At the retry time the oldest goes first again; its success lets the rest through.
        var next = Assert.Single(queue.Due(retry)).Deliveries;
        Assert.Equal(1, next[0].Position);
        Assert.True(queue.Record(next[0], true, 200, null, retry, 0.5));
        Assert.Null(endpoints[0].RetryTime);
        Assert.Equal((WebhookDeliveryState.Delivered, 2, 200), (deliveries[0].State, deliveries[0].Attempts, deliveries[0].LastStatusCode));
        Assert.Equal([2L, 3], Assert.Single(queue.Due(retry)).Deliveries.Select(d => d.Position));
    }

    [Fact]
    public void After_three_days_of_failures_deliveries_fail_and_a_redelivery_starts_anew()
    {
        var (queue, endpoints, deliveries) = Queue(Endpoint("wh-a"));
        queue.Enqueue([Event(1), Event(2)], T0);
        var now = T0;
        var attempts = 0;
        while (deliveries[0].State == WebhookDeliveryState.Pending)
        {
            now = deliveries[0].NextAttemptTime!.Value;
            var head = Assert.Single(queue.Due(now)).Deliveries[0];
            Assert.Equal(1, head.Position);
            queue.Record(head, false, null, "connection refused", now, 0.5);
            attempts++;
            Assert.True(attempts < 40);
        }

        Assert.Equal(WebhookDeliveryState.Failed, deliveries[0].State);
        Assert.InRange(now, T0.AddDays(3).AddMinutes(-1), T0.AddDays(3));
        // The one behind it never got a turn; its three days are over too.
        Assert.True(queue.FailExpired(now));
        Assert.Equal(WebhookDeliveryState.Failed, deliveries[1].State);
        Assert.Null(queue.NextDue());

        var again = queue.Redeliver("wh-a", 2, FirmEventType.ReferralReceived, now)!;
        Assert.Equal((WebhookDeliveryState.Pending, now), (again.State, again.WindowStart));
        Assert.Equal(2, Assert.Single(queue.Due(now)).Deliveries.Single().Position);
        Assert.Null(queue.Redeliver("wh-unknown", 2, FirmEventType.ReferralReceived, now));
    }

    [Fact]
    public void A_full_queue_holds_the_endpoint_back_in_the_feed_and_old_settled_deliveries_go()
    {
        var (queue, endpoints, deliveries) = Queue(Endpoint("wh-a"));
        var events = Enumerable.Range(1, WebhookQueue.MaxPendingPerEndpoint + 10).Select(i => Event(i)).ToList();
        queue.Enqueue(events, T0);
        Assert.Equal(WebhookQueue.MaxPendingPerEndpoint, queue.PendingOf("wh-a"));
        Assert.Equal(WebhookQueue.MaxPendingPerEndpoint, endpoints[0].Position);
        Assert.Null(queue.ReadFrom());

        foreach (var d in deliveries.ToList())
        {
            queue.Record(d, true, 200, null, T0, 0.5);
        }

        Assert.Equal(WebhookQueue.KeepSettledPerEndpoint, deliveries.Count);
        Assert.Equal(WebhookQueue.MaxPendingPerEndpoint, deliveries.Max(d => d.Position));
        Assert.Equal(WebhookQueue.MaxPendingPerEndpoint, queue.ReadFrom());
    }

    [Fact]
    public void Delivery_ids_name_the_endpoint_and_the_position()
    {
        Assert.Equal("wh-0a1b-42", WebhookQueue.DeliveryId("wh-0a1b", 42));
        Assert.True(WebhookQueue.TryParseDeliveryId("wh-0a1b-42", out var endpoint, out var position));
        Assert.Equal(("wh-0a1b", 42L), (endpoint, position));
        Assert.False(WebhookQueue.TryParseDeliveryId("wh-0a1b-x", out _, out _));
        Assert.False(WebhookQueue.TryParseDeliveryId("42", out _, out _));
        Assert.False(WebhookQueue.TryParseDeliveryId("wh-0", out _, out _));
    }
}
