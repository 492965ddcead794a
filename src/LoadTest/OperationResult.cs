using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using HdrHistogram;

namespace Viidakko.LoadTest;

/// <summary>One operation's figures (latencies in milliseconds).</summary>
internal sealed record OperationResult(
    string Name, long Count, long Ok, long ExpectedErrors, long Failed, Dictionary<string, long> ByStatus,
    double? OfferedRate, double AchievedRate,
    double MinMs, double MeanMs, double P50Ms, double P75Ms, double P90Ms, double P95Ms, double P99Ms, double P999Ms, double MaxMs);
