using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using HdrHistogram;

namespace Viidakko.LoadTest;

// Inside the namespace, so the API's messages win over the domain types of the same names.
using Viidakko.Api.V1;

/// <summary>
/// Member systems that keep up with their firms' event feeds: one <c>WatchEvents</c> stream per
/// watcher, spread over the population, each resuming after the last position it saw when its stream
/// ends (a gateway went away) or, with churn, when it drops the stream itself at random. Records the
/// delivery latency of each event (from the change's timestamp to its arrival) and checks each feed:
/// positions without gaps or repeats, and an event for every change the workload saw acknowledged.
/// </summary>
internal sealed class FeedWatchers(Hub hub, Population population, int count, bool churn, int seed)
{
    private readonly List<Watcher> _watchers = [];
    private readonly ConcurrentDictionary<string, ConcurrentBag<(string Resource, EventType Type)>> _acknowledged = new(StringComparer.Ordinal);
    private readonly LongHistogram _latency = new(600_000_000, 3);
    private readonly Lock _latencyLock = new();
    private CancellationTokenSource? _stop;
    private Task[] _running = [];
    private long _reconnects;
    private long _churned;

    /// <summary>Opens the streams; they wait for their first heartbeat before this returns.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var firm = population.Firms[i % population.Firms.Count];
            // Start at the feed's head: what the population's set-up produced is not this run's to deliver.
            var head = await Transient.RetryAsync(() => new EventService.EventServiceClient(hub.Invoker).ListEventsAsync(
                new ListEventsRequest { Parent = firm.Name, PageSize = 1 }, firm.Auth, cancellationToken: ct), ct);
            _watchers.Add(new Watcher(firm, new Random(random.Next())) { Last = head.HeadPosition });
        }

        _watchedNames = [.. _watchers.Select(w => w.Firm.Name)];

        _running = [.. _watchers.Select(w => Task.Run(() => RunAsync(w, _stop.Token)))];
        var open = Stopwatch.StartNew();
        while (_watchers.Any(w => !w.Open) && open.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50, ct);
        }
    }

    /// <summary>Forgets the latencies seen so far (the warm-up's).</summary>
    public void ResetLatency()
    {
        lock (_latencyLock)
        {
            _latency.Reset();
        }
    }

    /// <summary>The workload saw this change acknowledged: its event must reach <paramref name="firm"/>'s feed.</summary>
    public void Acknowledged(SimFirm firm, string resource, EventType type)
    {
        if (_watchedNames.Contains(firm.Name))
        {
            _acknowledged.GetOrAdd(firm.Name, _ => []).Add((resource, type));
        }
    }

    private HashSet<string> _watchedNames = [];

    /// <summary>Closes the streams, reads each feed up to its head, and checks what every watcher saw.</summary>
    public async Task<WatchResult> StopAsync(CancellationToken ct)
    {
        _stop!.Cancel();
        await Task.WhenAll(_running);

        long gaps = 0, repeats = 0, missing = 0, events = 0, caughtUp = 0;
        foreach (var w in _watchers)
        {
            // What the stream had not delivered yet when it was closed: read it now.
            var events0 = w.Seen.Count;
            await CatchUpAsync(w, ct);
            caughtUp += w.Seen.Count - events0;
            gaps += w.Gaps;
            repeats += w.Repeats;
            events += w.Seen.Count;
        }

        foreach (var (firm, changes) in _acknowledged)
        {
            var seen = _watchers.Where(w => w.Firm.Name == firm).SelectMany(w => w.Seen).ToHashSet();
            missing += changes.Count(change => !seen.Contains(change));
        }

        lock (_latencyLock)
        {
            return new WatchResult(
                _watchers.Count, churn, events, caughtUp, Interlocked.Read(ref _reconnects), Interlocked.Read(ref _churned), gaps, repeats,
                _acknowledged.Values.Sum(c => c.Count), missing, _latency.TotalCount,
                Ms(_latency.GetValueAtPercentile(50)), Ms(_latency.GetValueAtPercentile(99)), Ms(_latency.GetMaxValue()));
        }
    }

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 2);

    private Task RunAsync(Watcher w, CancellationToken stop) => ResumingStream.RunAsync(
        async session =>
        {
            // Each (re)connection takes the next channel of the pool: against a cluster, the other gateway.
            var events = new EventService.EventServiceClient(hub.Invoker);
            using var call = events.WatchEvents(new WatchEventsRequest { Parent = w.Firm.Name, AfterPosition = w.Last }, w.Firm.Auth, cancellationToken: session);
            while (await call.ResponseStream.MoveNext(session))
            {
                var message = call.ResponseStream.Current;
                w.Open = true;
                if (message.KindCase == WatchEventsResponse.KindOneofCase.Event)
                {
                    Take(w, message.Event, live: true);
                }
            }
        },
        churn, w.Random, () => Interlocked.Increment(ref _churned), () => Interlocked.Increment(ref _reconnects), stop);

    private async Task CatchUpAsync(Watcher w, CancellationToken ct)
    {
        var events = new EventService.EventServiceClient(hub.Invoker);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                while (true)
                {
                    var page = await events.ListEventsAsync(new ListEventsRequest { Parent = w.Firm.Name, AfterPosition = w.Last, PageSize = 1000 }, w.Firm.Auth, cancellationToken: ct);
                    foreach (var e in page.Events)
                    {
                        Take(w, e, live: false);
                    }

                    if (w.Last >= page.HeadPosition)
                    {
                        return;
                    }
                }
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                await Task.Delay(300, ct);
            }
        }
    }

    private void Take(Watcher w, Event e, bool live)
    {
        if (e.Position <= w.Last)
        {
            w.Repeats++;
            return;
        }

        if (e.Position != w.Last + 1)
        {
            w.Gaps++;
        }

        w.Last = e.Position;
        w.Seen.Add((e.Resource, e.Type));
        if (live)
        {
            var micros = (long)((DateTime.UtcNow - e.Time.ToDateTime()).TotalMilliseconds * 1000);
            lock (_latencyLock)
            {
                _latency.RecordValue(Math.Clamp(micros, 1, 600_000_000));
            }
        }
    }

    private sealed class Watcher(SimFirm firm, Random random)
    {
        public SimFirm Firm { get; } = firm;
        public Random Random { get; } = random;
        public long Last { get; set; }
        public bool Open { get; set; }
        public long Gaps { get; set; }
        public long Repeats { get; set; }
        public HashSet<(string Resource, EventType Type)> Seen { get; } = [];
    }
}
