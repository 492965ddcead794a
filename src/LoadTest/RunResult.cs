using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Viidakko.LoadTest;

/// <summary>Everything one run measured.</summary>
internal sealed record RunResult(
    DateTime Time,
    string Machine,
    Dictionary<string, string> Options,
    int Networks,
    int Firms,
    double PopulationSeconds,
    double? StartUpSeconds,
    MemoryFigures? Memory,
    PhaseResult? Baseline,
    PhaseResult Workload,
    Dictionary<string, double> Ratios,
    WatchResult? Watch = null,
    NetworkWatchResult? NetworkWatch = null);
