using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// A firm's webhooks. While it has endpoints, a background loop (an interleaving grain timer, kept
/// alive, restarted by a reminder after a silo goes) follows the firm's event feed like any
/// <c>WatchEvents</c> consumer, queues the events each endpoint wants, POSTs them signed, and stores
/// the outcome. Nothing of this runs on a member's call: a slow or dead endpoint costs this grain's
/// loop time only. Delivery is at least once: an endpoint's place in the feed is stored after the
/// attempts it made, so a crash in between sends those events again (the event name is the id to
/// drop duplicates by).
/// </summary>
[GrainType("webhooks"), Reentrant]
internal sealed class WebhookGrain(
    [PersistentState("webhooks", GrainStorage.Name)] IPersistentState<WebhookState> state,
    WebhookSender sender,
    Microsoft.Extensions.Options.IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookGrain> logger) : Grain, IWebhookGrain, IRemindable
{
    /// <summary>The reminder that restarts the loop on whichever silo the grain lives after one goes.</summary>
    internal const string Reminder = "webhooks";

    private StateWriter<WebhookState>? _writer;
    private WebhookQueue? _queue;
    private IGrainTimer? _loop;
    private TaskCompletionSource _kick = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<long, FirmEvent> _events = [];

    private StateWriter<WebhookState> Writer => _writer ??= new(state, DeactivateOnIdle);
    private WebhookQueue Queue => _queue ??= new(state.State.Endpoints, state.State.Deliveries);
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private IFirmGrain Firm => GrainFactory.GetGrain<IFirmGrain>(this.GetPrimaryKeyString());
    private (string Network, string Firm) Ids => ResourceIds.SplitKey(this.GetPrimaryKeyString()) is [var n, var f] ? (n, f) : ("", "");

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        EnsureLoop();
        return Task.CompletedTask;
    }

    public async Task<WebhookCreated> CreateAsync(string url, IReadOnlyList<FirmEventType> eventTypes, string description, RequestTag? request = null, CancellationToken cancellationToken = default)
    {
        if (request is not null && Queue.Endpoints.FirstOrDefault(e => e.CreateRequestId == request.Id) is { } earlier)
        {
            return new WebhookCreated(View(earlier), earlier.Secret);
        }

        if (WebhookTargets.CheckUrl(url) is { Count: > 0 } problems)
        {
            throw DomainException.Invalid("webhook.url", string.Join("; ", problems));
        }

        // Resolved now to refuse it early; every connection checks the address again (a name may change).
        if (await sender.CheckTargetAsync(new Uri(url), cancellationToken) is { Count: > 0 } refused)
        {
            throw new DomainException(DomainErrorKind.InvalidArgument, Reasons.WebhookTargetNotAllowed,
                $"The hub does not send webhooks to {url}: {string.Join("; ", refused)}.", [new FieldViolation("webhook.url", string.Join("; ", refused))]);
        }

        if (Queue.Endpoints.Count >= WebhookQueue.MaxEndpoints)
        {
            throw DomainException.Precondition(Reasons.TooManyWebhooks, $"A firm may have at most {WebhookQueue.MaxEndpoints} webhook endpoints; delete one first.");
        }

        // It receives what happens from now on: the events after the feed's current head.
        var head = await HeadAsync(cancellationToken);
        var entry = new WebhookEndpointEntry(NewId(), url, eventTypes.Distinct().ToList(), description, WebhookSignature.NewSecret(), Now, head,
            CreateRequestId: request?.Id);
        state.State.Endpoints.Add(entry);
        await Writer.WriteAsync();
        await this.RegisterOrUpdateReminder(Reminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        EnsureLoop();
        return new WebhookCreated(View(entry), entry.Secret);
    }

    public Task<IReadOnlyList<WebhookEndpoint>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<WebhookEndpoint>>(Queue.Endpoints.OrderBy(e => e.CreateTime).ThenBy(e => e.EndpointId).Select(View).ToList());

    public Task<WebhookEndpoint> GetAsync(string endpointId, CancellationToken cancellationToken = default) =>
        Task.FromResult(View(Endpoint(endpointId)));

    public async Task DeleteAsync(string endpointId, CancellationToken cancellationToken = default)
    {
        Endpoint(endpointId);
        Queue.Remove(endpointId);
        await Writer.WriteAsync();
        if (Queue.Endpoints.Count == 0 && await this.GetReminder(Reminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task<WebhookDeliveryPage> ListDeliveriesAsync(string endpointId, WebhookDeliveryState? deliveryState, int pageSize, string? afterKey, CancellationToken cancellationToken = default)
    {
        Endpoint(endpointId);
        long? before = afterKey is null ? null : long.Parse(afterKey, System.Globalization.CultureInfo.InvariantCulture);
        return Task.FromResult(Queue.Page(endpointId, deliveryState, pageSize, before));
    }

    public async Task<WebhookDelivery> RedeliverAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        if (!WebhookQueue.TryParseDeliveryId(deliveryId, out var endpointId, out var position) || Queue.Find(endpointId) is not { } endpoint
            || position > endpoint.Position)
        {
            throw DomainException.NotFound("Webhook delivery");
        }

        // A delivery no longer kept is made anew from the feed (while the event is kept).
        var type = Queue.FindDelivery(endpointId, position)?.EventType ?? (await EventAsync(position, cancellationToken)).Type;
        var entry = Queue.Redeliver(endpointId, position, type, Now)!;
        await Writer.WriteAsync();
        Kick();
        return entry.View();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        EnsureLoop();
        return Task.CompletedTask;
    }

    /// <summary>Starts the loop while there are endpoints.</summary>
    private void EnsureLoop()
    {
        if (_loop is not null || Queue.Endpoints.Count == 0)
        {
            return;
        }

        _loop = this.RegisterGrainTimer(RoundAsync, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero, Period = TimeSpan.FromMilliseconds(10), Interleave = true, KeepAlive = true,
        });
    }

    /// <summary>One round: wait for new events (or the next retry), queue them, attempt what is due, store the outcome.</summary>
    private async Task RoundAsync(CancellationToken cancellationToken)
    {
        if (Queue.Endpoints.Count == 0)
        {
            _loop?.Dispose();
            _loop = null;
            return;
        }

        var changed = false;
        try
        {
            changed |= await ReadAsync(cancellationToken);
            changed |= Queue.FailExpired(Now);
            changed |= await AttemptDueAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Webhook round of {Firm} failed; retrying", this.GetPrimaryKeyString());
            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        }

        if (changed)
        {
            await Writer.WriteAsync();
        }
    }

    /// <summary>Waits until an event arrives, a retry is due or the loop is kicked; queues the new events.</summary>
    private async Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        var kicked = _kick.Task;
        var wait = options.Value.MaxWait;
        if (kicked.IsCompleted)
        {
            _kick = new(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = TimeSpan.Zero;
        }
        else if (Queue.NextDue() is { } due)
        {
            wait = due <= Now ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(wait.Ticks, (due - Now).Ticks));
        }

        if (Queue.ReadFrom() is not { } from)
        {
            // Every queue is full: only retries can move (real time: the loop's pace, not the deadline clock).
            await Task.WhenAny(kicked, Task.Delay(wait, cancellationToken));
            return false;
        }

        var read = Firm.WaitForEventsAsync(from, 100, wait, cancellationToken);
        if (await Task.WhenAny(read, kicked) != read)
        {
            return false; // kicked: the wait goes on unread; its events come again in the next round
        }

        FirmEventPage page;
        try
        {
            page = await read;
        }
        catch (DomainException e) when (e.Reason == Reasons.CursorExpired)
        {
            // Not read for longer than the feed keeps events: go on from the oldest kept.
            var oldest = long.Parse(e.Metadata!["oldest_position"], System.Globalization.CultureInfo.InvariantCulture);
            logger.LogWarning("Webhooks of {Firm} fell behind the feed's retention; skipping to {Oldest}", this.GetPrimaryKeyString(), oldest);
            SkipTo(oldest - 1);
            return true;
        }

        foreach (var e in page.Events)
        {
            _events[e.Position] = e;
        }

        return Queue.Enqueue(page.Events, Now);
    }

    /// <summary>Each endpoint's due deliveries in order, endpoints side by side; an endpoint stops at its first failure.</summary>
    private async Task<bool> AttemptDueAsync(CancellationToken cancellationToken)
    {
        var due = Queue.Due(Now);
        await Task.WhenAll(due.Select(async x =>
        {
            foreach (var d in x.Deliveries)
            {
                if (!await AttemptAsync(x.Endpoint, d, cancellationToken))
                {
                    break;
                }
            }
        }));
        // Events every endpoint has passed are no longer needed in memory.
        var low = Queue.Endpoints.Count == 0 ? long.MaxValue : state.State.Deliveries.Where(d => d.State == WebhookDeliveryState.Pending)
            .Select(d => d.Position).DefaultIfEmpty(long.MaxValue).Min();
        foreach (var position in _events.Keys.Where(p => p < low).ToList())
        {
            _events.Remove(position);
        }

        return due.Count > 0;
    }

    private async Task<bool> AttemptAsync(WebhookEndpointEntry endpoint, WebhookDeliveryEntry delivery, CancellationToken cancellationToken)
    {
        var (network, firm) = Ids;
        FirmEvent e;
        try
        {
            e = await EventAsync(delivery.Position, cancellationToken);
        }
        catch (DomainException)
        {
            return Queue.Record(delivery, false, null, "the event is no longer kept", Now, Random.Shared.NextDouble());
        }

        var body = WebhookPayload.Body(network, firm, e, delivery.DeliveryId);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var headers = new Dictionary<string, string>
        {
            [WebhookSignature.HeaderName] = WebhookSignature.Sign(endpoint.Secret, timestamp, body),
            ["Viidakko-Event"] = $"networks/{network}/firms/{firm}/events/{e.Position}",
            ["Viidakko-Delivery"] = delivery.DeliveryId,
            ["Viidakko-Attempt"] = (delivery.Attempts + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var attempt = await sender.PostAsync(new Uri(endpoint.Url), body, headers, cancellationToken);
        return Queue.Record(delivery, attempt.Succeeded, attempt.StatusCode, attempt.Error ?? (attempt.Succeeded ? null : $"HTTP {attempt.StatusCode}"),
            Now, Random.Shared.NextDouble());
    }

    /// <summary>One event of the feed, from memory or read from the firm.</summary>
    private async Task<FirmEvent> EventAsync(long position, CancellationToken cancellationToken)
    {
        if (_events.TryGetValue(position, out var known))
        {
            return known;
        }

        var page = await Firm.ListEventsAsync(position - 1, 1, cancellationToken);
        return page.Events.FirstOrDefault(e => e.Position == position) ?? throw DomainException.NotFound("Event");
    }

    /// <summary>The feed's head position.</summary>
    private async Task<long> HeadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await Firm.ListEventsAsync(0, 1, cancellationToken)).HeadPosition;
        }
        catch (DomainException e) when (e.Reason == Reasons.CursorExpired)
        {
            var oldest = long.Parse(e.Metadata!["oldest_position"], System.Globalization.CultureInfo.InvariantCulture);
            return (await Firm.ListEventsAsync(oldest - 1, 1, cancellationToken)).HeadPosition;
        }
    }

    private void SkipTo(long position)
    {
        for (var i = 0; i < state.State.Endpoints.Count; i++)
        {
            if (state.State.Endpoints[i].Position < position)
            {
                state.State.Endpoints[i] = state.State.Endpoints[i] with { Position = position };
            }
        }
    }

    private void Kick() => _kick.TrySetResult();

    private WebhookEndpointEntry Endpoint(string endpointId) => Queue.Find(endpointId) ?? throw DomainException.NotFound("Webhook");

    private WebhookEndpoint View(WebhookEndpointEntry e) =>
        new(e.EndpointId, e.Url, e.EventTypes, e.Description, e.CreateTime, e.Position, Queue.PendingOf(e.EndpointId), e.RetryTime);

    private static string NewId() => "wh-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
}
