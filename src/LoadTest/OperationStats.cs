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
