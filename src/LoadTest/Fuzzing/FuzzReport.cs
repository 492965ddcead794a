using System.Globalization;
using System.Text.Json;

namespace Viidakko.LoadTest.Fuzzing;

/// <summary>The hub's memory over the run.</summary>
internal sealed record MemoryReport(
    string Source,
    IReadOnlyList<MemorySample> Samples,
    MemorySample? First,
    MemorySample? Max,
    MemorySample? Last,
    long? HeapAfterFullGcBefore,
    long? HeapAfterFullGcAfter,
    long? RssAfterFullGcBefore,
    long? RssAfterFullGcAfter,
    IReadOnlyDictionary<string, long>? ActiveGrainsBefore,
    IReadOnlyDictionary<string, long>? ActiveGrainsAfter);

/// <summary>Everything one fuzz run found.</summary>
internal sealed record FuzzResult(
    DateTime Time,
    string Machine,
    string Hub,
    int Seed,
    int Concurrency,
    IReadOnlyList<string> Services,
    int Methods,
    long Messages,
    double Seconds,
    double Rate,
    SortedDictionary<string, long> ByStatus,
    SortedDictionary<string, long> ByStatusAndReason,
    SortedDictionary<string, SortedDictionary<string, long>> ByGenerator,
    SortedDictionary<string, SortedDictionary<string, long>> ByCredential,
    SortedDictionary<string, SortedDictionary<string, long>> ByService,
    SortedDictionary<string, SortedDictionary<string, long>> ByMethod,
    long FindingCount,
    IReadOnlyList<FuzzFinding> Findings,
    long SurpriseCount,
    IReadOnlyList<FuzzFinding> Surprises,
    MemoryReport? Memory,
    bool HubAlive,
    string HealthAfter,
    bool Passed);

/// <summary>Prints a fuzz run's report and writes it as JSON.</summary>
internal static class FuzzReport
{
    public static void Print(FuzzResult run, TextWriter w)
    {
        string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
        w.WriteLine();
        w.WriteLine($"Viidakko fuzz run, {run.Time:yyyy-MM-dd HH:mm} UTC, {run.Machine}");
        w.WriteLine($"Hub: {run.Hub}; seed {run.Seed}; {run.Concurrency} calls in flight; {run.Methods} RPCs of {run.Services.Count} services");
        w.WriteLine($"Messages: {N(run.Messages)} in {run.Seconds:0.0} s ({run.Rate:0} messages/s)");
        w.WriteLine();
        w.WriteLine("By status code:");
        foreach (var (code, count) in run.ByStatus.OrderByDescending(kv => kv.Value))
        {
            w.WriteLine($"  {code,-28} {N(count),12}  {100.0 * count / Math.Max(1, run.Messages),6:0.00} %");
        }

        w.WriteLine();
        w.WriteLine("By status code and reason:");
        foreach (var (code, count) in run.ByStatusAndReason.OrderByDescending(kv => kv.Value))
        {
            w.WriteLine($"  {code,-50} {N(count),12}");
        }

        w.WriteLine();
        w.WriteLine("By generator:");
        foreach (var (generator, codes) in run.ByGenerator)
        {
            w.WriteLine($"  {generator,-16} {N(codes.Values.Sum()),10}  " + string.Join(", ", codes.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {N(kv.Value)}")));
        }

        w.WriteLine();
        w.WriteLine("By credentials:");
        foreach (var (credential, codes) in run.ByCredential)
        {
            w.WriteLine($"  {credential,-20} {N(codes.Values.Sum()),10}  " + string.Join(", ", codes.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {N(kv.Value)}")));
        }

        w.WriteLine();
        w.WriteLine("By service:");
        foreach (var (service, codes) in run.ByService)
        {
            w.WriteLine($"  {service,-20} {N(codes.Values.Sum()),10}  " + string.Join(", ", codes.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {N(kv.Value)}")));
        }

        w.WriteLine();
        w.WriteLine($"Findings (UNKNOWN or INTERNAL answers): {N(run.FindingCount)}");
        foreach (var f in run.Findings)
        {
            PrintFlagged(f, w);
        }

        w.WriteLine($"Surprises (codes a bad request should not get: ABORTED, UNAVAILABLE, DEADLINE_EXCEEDED, ...): {N(run.SurpriseCount)}");
        foreach (var f in run.Surprises.Take(5))
        {
            PrintFlagged(f, w);
        }

        if (run.Memory is { } m)
        {
            w.WriteLine();
            w.WriteLine($"Memory ({m.Source}), {m.Samples.Count} samples:");
            string Mb(long? bytes) => bytes is { } b ? $"{b / 1048576.0:0.0} MiB" : "-";
            string At(MemorySample? s) => s is null ? "-" : $"{Mb(s.RssBytes)} at {s.Seconds:0} s ({N(s.Messages)} messages)";
            w.WriteLine($"  RSS first {At(m.First)}; max {At(m.Max)}; last {At(m.Last)}");
            w.WriteLine("  samples (s: MiB): " + string.Join(", ", Thin(m.Samples, 40).Select(s => $"{s.Seconds:0}: {s.RssBytes / 1048576.0:0}")));
            if (m.HeapAfterFullGcBefore is not null || m.HeapAfterFullGcAfter is not null)
            {
                w.WriteLine($"  after a full collection: before the run heap {Mb(m.HeapAfterFullGcBefore)}, RSS {Mb(m.RssAfterFullGcBefore)}; after it heap {Mb(m.HeapAfterFullGcAfter)}, RSS {Mb(m.RssAfterFullGcAfter)}");
            }

            if (m.ActiveGrainsBefore is not null && m.ActiveGrainsAfter is not null)
            {
                w.WriteLine("  active grains before: " + string.Join(", ", m.ActiveGrainsBefore.Select(kv => $"{kv.Key} {N(kv.Value)}")));
                w.WriteLine("  active grains after:  " + string.Join(", ", m.ActiveGrainsAfter.Select(kv => $"{kv.Key} {N(kv.Value)}")));
            }
        }

        w.WriteLine();
        w.WriteLine($"Hub process alive at the end: {(run.HubAlive ? "yes" : "NO")}; gRPC health: {run.HealthAfter}");
        w.WriteLine(run.Passed ? "PASSED: no UNKNOWN or INTERNAL answer, the hub survived and is SERVING" : "FAILED");
    }

    public static void WriteJson(FuzzResult run, string path)
    {
        var json = JsonSerializer.Serialize(run, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        File.WriteAllText(path, json);
    }

    private static void PrintFlagged(FuzzFinding f, TextWriter w)
    {
        w.WriteLine($"  #{f.Index} {f.Method} [{f.Generator}, {f.Credential}] -> {f.Status} {f.Reason} {(f.FromClient ? "(made by the client)" : "")}: {f.Detail}");
        w.WriteLine($"    {f.Length} bytes: {(f.Hex.Length > 400 ? f.Hex[..400] + "..." : f.Hex)}");
    }

    /// <summary>At most <paramref name="count"/> samples, evenly spread, always with the last.</summary>
    private static IEnumerable<MemorySample> Thin(IReadOnlyList<MemorySample> samples, int count)
    {
        if (samples.Count <= count)
        {
            return samples;
        }

        var step = (double)(samples.Count - 1) / (count - 1);
        return Enumerable.Range(0, count).Select(i => samples[(int)Math.Round(i * step)]);
    }
}
