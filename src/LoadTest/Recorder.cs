using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using HdrHistogram;

namespace Viidakko.LoadTest;

/// <summary>Latencies (microseconds, HdrHistogram) and outcomes of one operation.</summary>
internal sealed class OperationStats(string name)
{
    /// <summary>Latencies up to a minute, three significant digits.</summary>
    private readonly LongHistogram _latency = new(60_000_000, 3);
    private readonly Lock _lock = new();
    private readonly Dictionary<StatusCode, long> _byCode = [];

    public string Name { get; } = name;
    public long Ok { get; private set; }
    public long Expected { get; private set; }
    public long Failed { get; private set; }

    public void Record(long micros, StatusCode code, bool expectedError)
    {
        lock (_lock)
        {
            _latency.RecordValue(Math.Clamp(micros, 1, 60_000_000));
            _byCode[code] = _byCode.GetValueOrDefault(code) + 1;
            if (code == StatusCode.OK)
            {
                Ok++;
            }
            else if (expectedError)
            {
                Expected++;
            }
            else
            {
                Failed++;
            }
        }
    }

    public OperationResult Result(TimeSpan elapsed, double? offeredRate)
    {
        lock (_lock)
        {
            var total = Ok + Expected + Failed;
            double P(double p) => total == 0 ? 0 : _latency.GetValueAtPercentile(p) / 1000.0;
            return new OperationResult(
                Name, total, Ok, Expected, Failed,
                _byCode.OrderBy(kv => kv.Key).ToDictionary(kv => kv.Key.ToString().ToUpperInvariant(), kv => kv.Value),
                offeredRate,
                total / Math.Max(0.001, elapsed.TotalSeconds),
                total == 0 ? 0 : _latency.GetValueAtPercentile(0) / 1000.0,
                total == 0 ? 0 : _latency.GetMean() / 1000.0,
                P(50), P(75), P(90), P(95), P(99), P(99.9),
                total == 0 ? 0 : _latency.GetMaxValue() / 1000.0);
        }
    }
}

/// <summary>One operation's figures (latencies in milliseconds).</summary>
internal sealed record OperationResult(
    string Name, long Count, long Ok, long ExpectedErrors, long Failed, Dictionary<string, long> ByStatus,
    double? OfferedRate, double AchievedRate,
    double MinMs, double MeanMs, double P50Ms, double P75Ms, double P90Ms, double P95Ms, double P99Ms, double P999Ms, double MaxMs);

/// <summary>Throughput and tail latency per second, for the live line and the chart.</summary>
internal sealed record SecondSample(int Second, long Completed, double P50Ms, double P99Ms, long Failed);

/// <summary>Collects every call of one phase.</summary>
internal sealed class Recorder
{
    private readonly ConcurrentDictionary<string, OperationStats> _ops = new(StringComparer.Ordinal);
    private readonly OperationStats _all = new("all");
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _secondLock = new();
    private LongHistogram _second = new(60_000_000, 3);
    private long _secondFailed;
    private readonly List<SecondSample> _timeline = [];

    /// <summary>False during warm-up: calls run but are not counted.</summary>
    public bool Recording { get; set; } = true;

    public TimeSpan Elapsed => _clock.Elapsed;

    public long Completed => _all.Ok + _all.Expected + _all.Failed;

    public long FailedCount => _all.Failed;

    public IReadOnlyList<SecondSample> Timeline
    {
        get
        {
            lock (_secondLock)
            {
                return _timeline.ToList();
            }
        }
    }

    public void Restart() => _clock.Restart();

    /// <summary>Records one call; an error the simulator provoked on purpose counts separately, never as a failure.</summary>
    public void Record(string operation, long micros, StatusCode code, bool expectedError = false)
    {
        if (!Recording)
        {
            return;
        }

        _ops.GetOrAdd(operation, n => new OperationStats(n)).Record(micros, code, expectedError);
        _all.Record(micros, code, expectedError);
        lock (_secondLock)
        {
            _second.RecordValue(Math.Clamp(micros, 1, 60_000_000));
            if (code != StatusCode.OK && !expectedError)
            {
                _secondFailed++;
            }
        }
    }

    /// <summary>Closes the last, partial second; an empty one is left out (the phase ended, nothing stalled).</summary>
    public void TickFinal()
    {
        bool any;
        lock (_secondLock)
        {
            any = _second.TotalCount > 0;
        }

        if (any)
        {
            Tick();
        }
    }

    /// <summary>Closes the current second of the timeline.</summary>
    public SecondSample Tick()
    {
        lock (_secondLock)
        {
            var sample = new SecondSample(
                _timeline.Count + 1,
                _second.TotalCount,
                _second.TotalCount == 0 ? 0 : _second.GetValueAtPercentile(50) / 1000.0,
                _second.TotalCount == 0 ? 0 : _second.GetValueAtPercentile(99) / 1000.0,
                _secondFailed);
            _timeline.Add(sample);
            _second = new LongHistogram(60_000_000, 3);
            _secondFailed = 0;
            return sample;
        }
    }

    public PhaseResult Result(string phase, TimeSpan elapsed, double? offeredRate) => new(
        phase,
        elapsed.TotalSeconds,
        _all.Result(elapsed, offeredRate),
        _ops.Values.OrderBy(o => o.Name, StringComparer.Ordinal).Select(o => o.Result(elapsed, null)).ToList(),
        Timeline);
}

/// <summary>All figures of one phase (baseline or workload).</summary>
internal sealed record PhaseResult(string Phase, double Seconds, OperationResult Overall, List<OperationResult> Operations, IReadOnlyList<SecondSample> Timeline);
