using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using HdrHistogram;

namespace Viidakko.LoadTest;

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
