using System.Diagnostics;
using Grpc.Core;
using HdrHistogram;

namespace Viidakko.LoadTest;

// Inside the namespace, so the API's messages win over the domain types of the same names.
using Viidakko.Api.V1;

/// <summary>
/// The operator following each network of the population with <c>WatchNetworkEvents</c>, resuming
/// after the last cursor it saw when a stream ends (a gateway went away) or, with churn, when it drops
/// the stream itself at random. Records the delivery latency of each event and checks, per firm, that
/// the network feed carries the firm's own feed: positions in order without gaps, up to the firm's
/// head at the end.
/// </summary>
internal sealed class NetworkWatcher(Hub hub, Population population, bool churn, int seed)
{
    private readonly List<Feed> _streams = [];
    private readonly LongHistogram _latency = new(600_000_000, 3);
    private readonly Lock _latencyLock = new();
    private CancellationTokenSource? _stop;
    private Task[] _running = [];
    private long _reconnects;
    private long _churned;

    /// <summary>Reads each network's feed up to now (the population's set-up), then opens the watches.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var random = new Random(seed);
        foreach (var network in population.Networks)
        {
            var stream = new Feed($"networks/{network}", new Random(random.Next()));
            // Where the run starts: the set-up's events give each firm's position before the run.
            await CatchUpAsync(stream, live: false, ct);
            stream.Gaps = stream.Repeats = stream.Events = 0;
            stream.Moved.Clear();
            _streams.Add(stream);
        }

        _running = [.. _streams.Select(s => Task.Run(() => RunAsync(s, _stop.Token)))];
        var open = Stopwatch.StartNew();
        while (_streams.Any(s => !s.Open) && open.Elapsed < TimeSpan.FromSeconds(60))
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

    /// <summary>Closes the watches, reads what they had not delivered yet, and checks each firm against its own feed.</summary>
    public async Task<NetworkWatchResult> StopAsync(CancellationToken ct)
    {
        _stop!.Cancel();
        await Task.WhenAll(_running);

        // Each firm's head first: everything up to it committed before the network feed is read to its end.
        var heads = new Dictionary<string, long>(StringComparer.Ordinal);
        var events = new EventService.EventServiceClient(hub.Invoker);
        foreach (var firm in population.Firms)
        {
            var page = await Transient.RetryAsync(() => events.ListEventsAsync(new ListEventsRequest { Parent = firm.Name, PageSize = 1 }, firm.Auth, cancellationToken: ct), ct);
            heads[firm.Name] = page.HeadPosition;
        }

        long caughtUp = 0, missing = 0;
        foreach (var stream in _streams)
        {
            var before = stream.Events;
            await CatchUpAsync(stream, live: false, ct);
            caughtUp += stream.Events - before;
        }

        var lasts = _streams.SelectMany(s => s.Last).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        foreach (var (firm, head) in heads)
        {
            missing += Math.Max(0, head - lasts.GetValueOrDefault(firm));
        }

        lock (_latencyLock)
        {
            return new NetworkWatchResult(
                _streams.Count, churn, _streams.Sum(s => s.Events), caughtUp, Interlocked.Read(ref _reconnects), Interlocked.Read(ref _churned),
                _streams.Sum(s => s.Moved.Count), _streams.Sum(s => s.Gaps), _streams.Sum(s => s.Repeats), missing, _latency.TotalCount,
                Ms(_latency.GetValueAtPercentile(50)), Ms(_latency.GetValueAtPercentile(99)), Ms(_latency.GetMaxValue()));
        }
    }

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 2);

    private Task RunAsync(Feed s, CancellationToken stop) => ResumingStream.RunAsync(
        async session =>
        {
            // Each (re)connection takes the next channel of the pool: against a cluster, the other gateway.
            var admin = new AdminService.AdminServiceClient(hub.Invoker);
            using var call = admin.WatchNetworkEvents(new WatchNetworkEventsRequest { Parent = s.Network, AfterCursor = s.Cursor }, hub.AdminAuth, cancellationToken: session);
            while (await call.ResponseStream.MoveNext(session))
            {
                var message = call.ResponseStream.Current;
                s.Open = true;
                if (message.KindCase == WatchNetworkEventsResponse.KindOneofCase.Event)
                {
                    Take(s, message.Event, live: true);
                }
            }
        },
        churn, s.Random, () => Interlocked.Increment(ref _churned), () => Interlocked.Increment(ref _reconnects), stop);

    private async Task CatchUpAsync(Feed s, bool live, CancellationToken ct)
    {
        var admin = new AdminService.AdminServiceClient(hub.Invoker);
        while (true)
        {
            var page = await Transient.RetryAsync(() => admin.ListNetworkEventsAsync(
                new ListNetworkEventsRequest { Parent = s.Network, AfterCursor = s.Cursor, PageSize = 1000 }, hub.AdminAuth, cancellationToken: ct), ct);
            foreach (var e in page.Events)
            {
                Take(s, e, live);
            }

            if (page.UpToDate)
            {
                return;
            }
        }
    }

    private void Take(Feed s, NetworkEvent e, bool live)
    {
        s.Cursor = e.Cursor;
        s.Events++;
        var firm = e.Event.Name[..e.Event.Name.LastIndexOf("/events/", StringComparison.Ordinal)];
        var last = s.Last.GetValueOrDefault(firm);
        if (e.Event.Position <= last)
        {
            s.Repeats++;
            return;
        }

        if (e.Event.Position != last + 1)
        {
            s.Gaps++;
        }

        s.Last[firm] = e.Event.Position;
        s.Moved.Add(firm);
        if (live)
        {
            var micros = (long)((DateTime.UtcNow - e.Event.Time.ToDateTime()).TotalMilliseconds * 1000);
            lock (_latencyLock)
            {
                _latency.RecordValue(Math.Clamp(micros, 1, 600_000_000));
            }
        }
    }

    private sealed class Feed(string network, Random random)
    {
        public string Network { get; } = network;
        public Random Random { get; } = random;
        public string Cursor { get; set; } = "";
        public bool Open { get; set; }
        public long Events { get; set; }
        public long Gaps { get; set; }
        public long Repeats { get; set; }
        public Dictionary<string, long> Last { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Moved { get; } = new(StringComparer.Ordinal);
    }
}
