using System.Runtime.InteropServices;

namespace Viidakko.Hub;

/// <summary>
/// A switch for benchmarks only, never for users (not in the README's settings): with
/// <c>VIIDAKKO_BENCHMARK_SIGNALS=1</c>, SIGUSR1 makes the hub run a full, compacting garbage
/// collection and print one line with its memory, so the load simulator can measure live memory
/// without a public API that lets any caller stall the process.
/// </summary>
internal static class BenchmarkSignals
{
    /// <summary>The line the hub prints after the collection; the load simulator waits for it.</summary>
    public const string ReportPrefix = "benchmark-memory:";

    private const int SigUsr1 = 10;
    private static PosixSignalRegistration? _registration;

    /// <summary>Registers the handler when the switch is on.</summary>
    public static void Register(WebApplication app)
    {
        if (app.Configuration["Viidakko:BenchmarkSignals"] != "1" || !OperatingSystem.IsLinux())
        {
            return;
        }

        _registration = PosixSignalRegistration.Create((PosixSignal)SigUsr1, context =>
        {
            context.Cancel = true;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            Console.WriteLine($"{ReportPrefix} rss={process.WorkingSet64} heap={GC.GetTotalMemory(forceFullCollection: false)}");
        });
    }
}
