using System.Globalization;

namespace Viidakko.Grains.Domain;

/// <summary>
/// A firm's webhook deliveries: which events each endpoint gets, what is tried when, and what an
/// attempt's outcome changes. Each endpoint takes its events in order; when its oldest pending delivery
/// fails, the endpoint backs off (exponentially, see <see cref="WebhookRetrySchedule"/>) and the others
/// wait behind it, so a dead endpoint costs one probe per backoff, not one per event. A delivery whose
/// three days pass without success is failed and kept for the firm to see and redeliver.
/// </summary>
public sealed class WebhookQueue(List<WebhookEndpointEntry> endpoints, List<WebhookDeliveryEntry> deliveries)
{
    /// <summary>Most endpoints a firm may have.</summary>
    public const int MaxEndpoints = 10;

    /// <summary>Most deliveries queued per endpoint; further events wait in the feed (kept 90 days) until there is room.</summary>
    public const int MaxPendingPerEndpoint = 500;

    /// <summary>Delivered and failed deliveries kept per endpoint for the firm to see.</summary>
    public const int KeepSettledPerEndpoint = 100;

    /// <summary>Most attempts per endpoint in one round.</summary>
    public const int RoundSize = 20;

    /// <summary>The endpoints.</summary>
    public IReadOnlyList<WebhookEndpointEntry> Endpoints => endpoints;

    /// <summary>A delivery's id.</summary>
    public static string DeliveryId(string endpointId, long position) => $"{endpointId}-{position.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Splits a delivery id into its endpoint and event position.</summary>
    public static bool TryParseDeliveryId(string deliveryId, out string endpointId, out long position)
    {
        var dash = deliveryId.LastIndexOf('-');
        endpointId = dash > 0 ? deliveryId[..dash] : "";
        position = 0;
        return dash > 0 && long.TryParse(deliveryId.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out position) && position > 0;
    }

    /// <summary>The endpoint with <paramref name="endpointId"/>, or null.</summary>
    public WebhookEndpointEntry? Find(string endpointId) => endpoints.Find(e => e.EndpointId == endpointId);

    /// <summary>The position after which the feed must be read: the lowest among endpoints with room in their queue; null when none has room.</summary>
    public long? ReadFrom() => endpoints.Where(e => PendingOf(e.EndpointId) < MaxPendingPerEndpoint)
        .Select(e => (long?)e.Position).Min();

    /// <summary>Queues the events each endpoint wants and has not been handed yet; true when anything changed.</summary>
    public bool Enqueue(IReadOnlyList<FirmEvent> events, DateTime now)
    {
        var changed = false;
        for (var i = 0; i < endpoints.Count; i++)
        {
            var endpoint = endpoints[i];
            var pending = PendingOf(endpoint.EndpointId);
            foreach (var e in events)
            {
                if (e.Position <= endpoint.Position)
                {
                    continue;
                }

                if (pending >= MaxPendingPerEndpoint)
                {
                    break;
                }

                if (endpoint.Wants(e.Type))
                {
                    deliveries.Add(new WebhookDeliveryEntry(endpoint.EndpointId, e.Position, e.Type, WebhookDeliveryState.Pending, 0, null, null,
                        now, now, null, now));
                    pending++;
                }

                endpoint = endpoint with { Position = e.Position };
                changed = true;
            }

            endpoints[i] = endpoint;
        }

        return changed;
    }

    /// <summary>What to try now: per endpoint that is not backing off, its due deliveries, oldest event first.</summary>
    public IReadOnlyList<(WebhookEndpointEntry Endpoint, IReadOnlyList<WebhookDeliveryEntry> Deliveries)> Due(DateTime now) =>
        endpoints
            .Where(e => e.RetryTime is null || e.RetryTime <= now)
            .Select(e => (e, (IReadOnlyList<WebhookDeliveryEntry>)deliveries
                .Where(d => d.EndpointId == e.EndpointId && d.State == WebhookDeliveryState.Pending && d.NextAttemptTime <= now)
                .OrderBy(d => d.Position).Take(RoundSize).ToList()))
            .Where(x => x.Item2.Count > 0)
            .ToList();

    /// <summary>
    /// Records an attempt at <paramref name="delivery"/>. A success delivers it (and ends the endpoint's
    /// backoff); a failure schedules the next attempt and backs the endpoint off until then, or fails
    /// the delivery once its three days have passed. True when the endpoint should be tried further in this round.
    /// </summary>
    public bool Record(WebhookDeliveryEntry delivery, bool succeeded, int? statusCode, string? error, DateTime now, double jitter)
    {
        var index = deliveries.FindIndex(d => d.EndpointId == delivery.EndpointId && d.Position == delivery.Position);
        var endpointIndex = endpoints.FindIndex(e => e.EndpointId == delivery.EndpointId);
        if (index < 0 || endpointIndex < 0)
        {
            return false; // removed while the attempt was on its way
        }

        var d = deliveries[index];
        var attempts = d.Attempts + 1;
        DateTime? next = succeeded ? null : WebhookRetrySchedule.NextAttempt(d.WindowStart, attempts, now, jitter);
        var state = succeeded ? WebhookDeliveryState.Delivered : next is null ? WebhookDeliveryState.Failed : WebhookDeliveryState.Pending;
        deliveries[index] = d with
        {
            State = state, Attempts = attempts, LastStatusCode = statusCode, LastError = succeeded ? null : error,
            LastAttemptTime = now, NextAttemptTime = next,
        };
        endpoints[endpointIndex] = endpoints[endpointIndex] with { RetryTime = next };
        TrimSettled(delivery.EndpointId);
        return succeeded;
    }

    /// <summary>Fails the pending deliveries whose three days passed while they waited behind a failing one; true when any did.</summary>
    public bool FailExpired(DateTime now)
    {
        var changed = false;
        for (var i = 0; i < deliveries.Count; i++)
        {
            var d = deliveries[i];
            if (d.State == WebhookDeliveryState.Pending && now >= d.WindowStart + WebhookRetrySchedule.GiveUpAfter && d.Attempts == 0)
            {
                deliveries[i] = d with
                {
                    State = WebhookDeliveryState.Failed, NextAttemptTime = null,
                    LastError = "not attempted: the endpoint failed for three days",
                };
                changed = true;
            }
        }

        if (changed)
        {
            foreach (var e in endpoints)
            {
                TrimSettled(e.EndpointId);
            }
        }

        return changed;
    }

    /// <summary>When something is next due: the earliest endpoint retry or pending attempt; null when nothing is pending.</summary>
    public DateTime? NextDue() => endpoints
        .Select(e => deliveries.Where(d => d.EndpointId == e.EndpointId && d.State == WebhookDeliveryState.Pending)
            .Select(d => (DateTime?)Later(d.NextAttemptTime ?? d.WindowStart, e.RetryTime)).Min())
        .Min();

    /// <summary>
    /// Queues a delivery again now, with three new days of retries; <paramref name="type"/> makes the
    /// entry anew when it is no longer kept. Null when the endpoint is unknown.
    /// </summary>
    public WebhookDeliveryEntry? Redeliver(string endpointId, long position, FirmEventType type, DateTime now)
    {
        var endpointIndex = endpoints.FindIndex(e => e.EndpointId == endpointId);
        if (endpointIndex < 0)
        {
            return null;
        }

        var index = deliveries.FindIndex(d => d.EndpointId == endpointId && d.Position == position);
        var entry = (index >= 0 ? deliveries[index] : new WebhookDeliveryEntry(endpointId, position, type, WebhookDeliveryState.Pending, 0, null, null, now, now, null, now))
            with { State = WebhookDeliveryState.Pending, WindowStart = now, NextAttemptTime = now };
        if (index >= 0) deliveries[index] = entry; else deliveries.Add(entry);
        endpoints[endpointIndex] = endpoints[endpointIndex] with { RetryTime = null };
        return entry;
    }

    /// <summary>The stored delivery, or null.</summary>
    public WebhookDeliveryEntry? FindDelivery(string endpointId, long position) =>
        deliveries.Find(d => d.EndpointId == endpointId && d.Position == position);

    /// <summary>Removes an endpoint and its deliveries; false when it did not exist.</summary>
    public bool Remove(string endpointId)
    {
        deliveries.RemoveAll(d => d.EndpointId == endpointId);
        return endpoints.RemoveAll(e => e.EndpointId == endpointId) > 0;
    }

    /// <summary>A page of one endpoint's deliveries, newest event first (the key is the position).</summary>
    public WebhookDeliveryPage Page(string endpointId, WebhookDeliveryState? state, int pageSize, long? beforePosition)
    {
        var page = deliveries
            .Where(d => d.EndpointId == endpointId && (state is null || d.State == state) && (beforePosition is null || d.Position < beforePosition))
            .OrderByDescending(d => d.Position)
            .Take(pageSize + 1)
            .ToList();
        var next = page.Count > pageSize ? page[pageSize - 1].Position.ToString(CultureInfo.InvariantCulture) : null;
        return new WebhookDeliveryPage(page.Take(pageSize).Select(d => d.View()).ToList(), next);
    }

    /// <summary>Deliveries of an endpoint waiting for an attempt.</summary>
    public int PendingOf(string endpointId) => deliveries.Count(d => d.EndpointId == endpointId && d.State == WebhookDeliveryState.Pending);

    private void TrimSettled(string endpointId)
    {
        var settled = deliveries.Where(d => d.EndpointId == endpointId && d.State != WebhookDeliveryState.Pending)
            .OrderByDescending(d => d.Position).Skip(KeepSettledPerEndpoint).ToList();
        foreach (var old in settled)
        {
            deliveries.Remove(old);
        }
    }

    private static DateTime Later(DateTime a, DateTime? b) => b is { } v && v > a ? v : a;
}
