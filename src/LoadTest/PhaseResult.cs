using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using HdrHistogram;

namespace Viidakko.LoadTest;

/// <summary>All figures of one phase (baseline or workload).</summary>
internal sealed record PhaseResult(string Phase, double Seconds, OperationResult Overall, List<OperationResult> Operations, IReadOnlyList<SecondSample> Timeline);
