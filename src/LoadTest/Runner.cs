using System.Diagnostics;

namespace Viidakko.LoadTest;

/// <summary>Drives a workload in closed or open loop and records one phase.</summary>
internal static class Runner
{
    /// <summary>Open loop: most calls allowed in flight before new arrivals are counted as dropped.</summary>
    private const int MaxOutstanding = 20_000;

    public static async Task<PhaseResult> RunPhaseAsync(
        string phase, Hub hub, Population population, Options options, IReadOnlyDictionary<string, double> mix, CancellationToken ct,
        FeedWatchers? watchers = null, NetworkWatcher? networkWatcher = null)
    {
        var recorder = new Recorder();
        var workload = new Workload(hub, population, recorder, options.RetryTransient, options.Journal, watchers);
        var picker = new WeightedPicker(mix);

        if (options.Warmup > TimeSpan.Zero)
        {
            recorder.Recording = false;
            await DriveAsync(workload, picker, options, options.Warmup, null, recorder, ct, warmup: true);
            recorder.Recording = true;
        }

        recorder.Restart();
        watchers?.ResetLatency();
        networkWatcher?.ResetLatency();
        using var progress = options.Quiet ? null : new Timer(_ => Progress(phase, recorder), null, 1000, 1000);
        using var ticker = new Timer(_ => recorder.Tick(), null, 1000, 1000);
        var offered = options.Mode == LoadMode.Open ? options.Rate : (double?)null;
        var dropped = await DriveAsync(workload, picker, options, options.Duration, options.Requests, recorder, ct, warmup: false);
        var elapsed = recorder.Elapsed;
        recorder.TickFinal();
        if (!options.Quiet)
        {
            Console.Error.WriteLine();
        }

        if (dropped > 0)
        {
            Console.Error.WriteLine($"[{phase}] {dropped} arrivals dropped: more than {MaxOutstanding} calls were in flight");
        }

        return recorder.Result(phase, elapsed, offered);
    }

    private static async Task<long> DriveAsync(
        Workload workload, WeightedPicker picker, Options options, TimeSpan duration, long? requests, Recorder recorder, CancellationToken ct, bool warmup)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var budget = warmup ? null : requests;
        long started = 0;
        bool More() => budget is { } b ? Interlocked.Increment(ref started) <= b : Stopwatch.GetTimestamp() < end;

        if (options.Mode == LoadMode.Closed)
        {
            var workers = Enumerable.Range(0, options.Concurrency).Select(async w =>
            {
                var random = new Random(HashCode.Combine(options.Seed, w, warmup));
                while (!ct.IsCancellationRequested && More())
                {
                    await workload.RunAsync(picker.Pick(random), random, Workload.Now(), ct);
                }
            });
            await Task.WhenAll(workers);
            return 0;
        }

        // Open loop: arrivals at fixed times; each call's latency counts from when it was due, so a
        // stall shows as latency instead of silently lowering the rate (no coordinated omission).
        var interval = Stopwatch.Frequency / options.Rate;
        var first = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>();
        var outstanding = 0;
        long dropped = 0;
        var randomOpen = new Random(HashCode.Combine(options.Seed, warmup));
        for (long i = 0; !ct.IsCancellationRequested; i++)
        {
            var due = first + (long)(i * interval);
            if (budget is { } b ? i >= b : due >= end)
            {
                break;
            }

            var wait = due - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), ct);
            }

            if (Volatile.Read(ref outstanding) >= MaxOutstanding)
            {
                dropped++;
                continue;
            }

            var name = picker.Pick(randomOpen);
            var random = new Random(randomOpen.Next());
            Interlocked.Increment(ref outstanding);
            var task = Task.Run(async () =>
            {
                try
                {
                    await workload.RunAsync(name, random, due, ct);
                }
                finally
                {
                    Interlocked.Decrement(ref outstanding);
                }
            }, ct);
            inFlight.Add(task);
            if (inFlight.Count > 4096)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(inFlight);
        return dropped;
    }

    private static void Progress(string phase, Recorder recorder)
    {
        var last = recorder.Timeline.LastOrDefault();
        var seconds = recorder.Elapsed.TotalSeconds;
        Console.Error.Write($"\r[{phase}] {seconds,5:0}s  {recorder.Completed,9} calls  {recorder.Completed / Math.Max(1, seconds),8:0}/s  " +
            $"last second: {last?.Completed ?? 0,6}/s p99 {last?.P99Ms ?? 0,7:0.0} ms  failed {recorder.FailedCount}   ");
    }

    /// <summary>Picks operations by weight.</summary>
    private sealed class WeightedPicker(IReadOnlyDictionary<string, double> weights)
    {
        private readonly (string Name, double Upto)[] _table = Build(weights);

        public string Pick(Random random)
        {
            var x = random.NextDouble() * _table[^1].Upto;
            foreach (var (name, upto) in _table)
            {
                if (x < upto)
                {
                    return name;
                }
            }

            return _table[^1].Name;
        }

        private static (string, double)[] Build(IReadOnlyDictionary<string, double> weights)
        {
            double sum = 0;
            return weights.Where(w => w.Value > 0).OrderBy(w => w.Key, StringComparer.Ordinal)
                .Select(w => (w.Key, sum += w.Value)).ToArray();
        }
    }
}
