using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using HdrHistogram;

namespace Viidakko.LoadTest;

/// <summary>Throughput and tail latency per second, for the live line and the chart.</summary>
internal sealed record SecondSample(int Second, long Completed, double P50Ms, double P99Ms, long Failed);
