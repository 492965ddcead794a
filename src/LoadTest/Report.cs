using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Viidakko.LoadTest;

/// <summary>Prints the report (like ghz / k6), writes JSON and an SVG chart.</summary>
internal static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Dictionary<string, double> Ratios(PhaseResult? baseline, PhaseResult workload)
    {
        var ratios = new Dictionary<string, double>(StringComparer.Ordinal);
        if (baseline is null || baseline.Overall.AchievedRate == 0)
        {
            return ratios;
        }

        ratios["throughput"] = Math.Round(workload.Overall.AchievedRate / baseline.Overall.AchievedRate, 3);
        ratios["p50"] = Math.Round(workload.Overall.P50Ms / baseline.Overall.P50Ms, 3);
        ratios["p99"] = Math.Round(workload.Overall.P99Ms / baseline.Overall.P99Ms, 3);
        foreach (var op in workload.Operations)
        {
            ratios[$"{op.Name}.p50"] = Math.Round(op.P50Ms / baseline.Overall.P50Ms, 3);
            ratios[$"{op.Name}.p99"] = Math.Round(op.P99Ms / baseline.Overall.P99Ms, 3);
        }

        return ratios;
    }

    public static void Print(RunResult run, TextWriter w)
    {
        w.WriteLine();
        w.WriteLine($"Viidakko load run, {run.Time:yyyy-MM-dd HH:mm} UTC, {run.Machine}");
        w.WriteLine($"Population: {run.Networks} network(s), {run.Firms} firms, built in {run.PopulationSeconds:0.0} s");
        w.WriteLine("Options: " + string.Join(" ", run.Options.Select(kv => $"{kv.Key}={kv.Value}")));
        if (run.StartUpSeconds is { } s)
        {
            w.WriteLine($"Start-up: {s:0.00} s from process start to SERVING");
        }

        if (run.Memory is { } m)
        {
            w.WriteLine($"Memory: RSS {m.RssBytes / 1048576.0:0} MiB, managed heap {m.ManagedHeapBytes / 1048576.0:0} MiB, " +
                $"active grains {string.Join(", ", m.ActiveGrains.Select(kv => $"{kv.Key} {kv.Value}"))}; " +
                $"per grain: {m.RssBytesPerGrain:0} B RSS, {m.HeapBytesPerGrain:0} B heap");
        }

        if (run.Baseline is { } b)
        {
            Phase(b, null, w);
        }

        Phase(run.Workload, run.Baseline, w);
        if (run.Ratios.Count > 0)
        {
            w.WriteLine();
            w.WriteLine($"Against the same-run Ping baseline: throughput {run.Ratios["throughput"]:0.00}x, p50 {run.Ratios["p50"]:0.00}x, p99 {run.Ratios["p99"]:0.00}x");
        }

        if (run.Watch is { } f)
        {
            w.WriteLine();
            w.WriteLine($"== event feeds: {f.Streams} watch streams{(f.Churn ? " (dropping and resuming at random)" : "")}");
            w.WriteLine($"events delivered {f.Events} ({f.CaughtUp} read after the streams closed), reconnects {f.Reconnects}, resumed by churn {f.Churned}");
            w.WriteLine($"delivery latency (change to arrival, live events): p50 {f.LatencyP50Ms:0.00} ms, p99 {f.LatencyP99Ms:0.00} ms, max {f.LatencyMaxMs:0.00} ms over {f.LatencyCount} events");
            w.WriteLine($"check: gaps {f.Gaps}, repeats {f.Repeats}, acknowledged changes {f.Acknowledged}, their events missing {f.Missing}: {(f.Passed ? "PASSED" : "FAILED")}");
        }

        if (run.NetworkWatch is { } n)
        {
            w.WriteLine();
            w.WriteLine($"== network feeds: {n.Streams} operator watch streams{(n.Churn ? " (dropping and resuming at random)" : "")}");
            w.WriteLine($"events delivered {n.Events} ({n.CaughtUp} read after the streams closed) of {n.Firms} firms, reconnects {n.Reconnects}, resumed by churn {n.Churned}");
            w.WriteLine($"delivery latency (change to arrival, live events): p50 {n.LatencyP50Ms:0.00} ms, p99 {n.LatencyP99Ms:0.00} ms, max {n.LatencyMaxMs:0.00} ms over {n.LatencyCount} events");
            w.WriteLine($"check: gaps {n.Gaps}, repeats {n.Repeats}, firms' events missing {n.Missing}: {(n.Passed ? "PASSED" : "FAILED")}");
        }
    }

    private static void Phase(PhaseResult p, PhaseResult? baseline, TextWriter w)
    {
        w.WriteLine();
        w.WriteLine($"== {p.Phase} ({p.Seconds:0.0} s)");
        var header = $"{"operation",-26} {"count",9} {"ok",9} {"expected",8} {"failed",7} {"rate/s",9}  {"min",7} {"mean",7} {"p50",7} {"p75",7} {"p90",7} {"p95",7} {"p99",7} {"p99.9",7} {"max",8}  {"p99/ping",8}";
        w.WriteLine(header + "   (latencies in ms)");
        foreach (var op in p.Operations.Append(p.Overall))
        {
            var ratio = baseline is null || baseline.Overall.P99Ms == 0 ? "" : (op.P99Ms / baseline.Overall.P99Ms).ToString("0.00", Inv) + "x";
            w.WriteLine($"{op.Name,-26} {op.Count,9} {op.Ok,9} {op.ExpectedErrors,8} {op.Failed,7} {op.AchievedRate,9:0.0}  " +
                $"{op.MinMs,7:0.00} {op.MeanMs,7:0.00} {op.P50Ms,7:0.00} {op.P75Ms,7:0.00} {op.P90Ms,7:0.00} {op.P95Ms,7:0.00} {op.P99Ms,7:0.00} {op.P999Ms,7:0.00} {op.MaxMs,8:0.00}  {ratio,8}");
        }

        var codes = p.Overall.ByStatus.Where(kv => kv.Key != "OK").ToList();
        if (codes.Count > 0)
        {
            w.WriteLine("status codes: " + string.Join(", ", p.Overall.ByStatus.Select(kv => $"{kv.Key} {kv.Value}")));
        }

        if (p.Overall.OfferedRate is { } offered)
        {
            w.WriteLine($"offered {offered:0.0}/s, achieved {p.Overall.AchievedRate:0.0}/s");
        }
    }

    public static void WriteJson(RunResult run, string path)
    {
        var json = JsonSerializer.Serialize(run, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        File.WriteAllText(path, json);
    }

    /// <summary>Throughput and p50/p99 per second of each phase, as an SVG line chart.</summary>
    public static void WriteChart(RunResult run, string path)
    {
        var phases = new[] { run.Baseline, run.Workload }.Where(p => p is not null).Select(p => p!).ToList();
        const int width = 900, panel = 220, left = 70, top = 40, gap = 60;
        var seconds = Math.Max(1, phases.Max(p => p.Timeline.Count));
        var maxRate = Math.Max(1, phases.SelectMany(p => p.Timeline).Select(t => (double)t.Completed).DefaultIfEmpty(1).Max());
        var maxMs = Math.Max(0.1, phases.SelectMany(p => p.Timeline).Select(t => t.P99Ms).DefaultIfEmpty(1).Max());
        var plotWidth = width - left - 30;
        double X(int second) => left + plotWidth * (second - 1) / Math.Max(1.0, seconds - 1);
        var svg = new StringBuilder();
        svg.AppendLine(Inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{top * 2 + panel * 2 + gap}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.AppendLine("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        svg.AppendLine(Inv, $"<text x=\"{left}\" y=\"20\" font-size=\"14\">Viidakko load run {run.Time:yyyy-MM-dd HH:mm} UTC: {run.Firms} firms</text>");
        Axis(svg, "calls per second", top, maxRate, "0");
        Axis(svg, "latency per second, ms (solid p99, dashed p50)", top + panel + gap, maxMs, "0.0");
        var colors = new[] { "#888888", "#1f77b4" };
        for (var i = 0; i < phases.Count; i++)
        {
            var p = phases[i];
            var color = phases.Count == 1 ? colors[1] : colors[i];
            Line(svg, p.Timeline.Select(t => (X(t.Second), top + panel - panel * t.Completed / maxRate)), color, dashed: false);
            Line(svg, p.Timeline.Select(t => (X(t.Second), top + 2 * panel + gap - panel * t.P99Ms / maxMs)), color, dashed: false);
            Line(svg, p.Timeline.Select(t => (X(t.Second), top + 2 * panel + gap - panel * t.P50Ms / maxMs)), color, dashed: true);
            svg.AppendLine(Inv, $"<text x=\"{width - 200}\" y=\"{top + 15 * (i + 1)}\" fill=\"{color}\">{p.Phase}</text>");
        }

        svg.AppendLine(Inv, $"<text x=\"{left}\" y=\"{top * 2 + panel * 2 + gap - 5}\">seconds 1–{seconds}</text>");
        svg.AppendLine("</svg>");
        File.WriteAllText(path, svg.ToString());

        void Axis(StringBuilder sb, string label, int y, double max, string format)
        {
            sb.AppendLine(Inv, $"<line x1=\"{left}\" y1=\"{y}\" x2=\"{left}\" y2=\"{y + panel}\" stroke=\"black\"/>");
            sb.AppendLine(Inv, $"<line x1=\"{left}\" y1=\"{y + panel}\" x2=\"{left + plotWidth}\" y2=\"{y + panel}\" stroke=\"black\"/>");
            sb.AppendLine(Inv, $"<text x=\"{left + 5}\" y=\"{y - 5}\">{label}</text>");
            sb.AppendLine(Inv, $"<text x=\"{left - 5}\" y=\"{y + 10}\" text-anchor=\"end\">{max.ToString(format, Inv)}</text>");
            sb.AppendLine(Inv, $"<text x=\"{left - 5}\" y=\"{y + panel}\" text-anchor=\"end\">0</text>");
        }

        static void Line(StringBuilder sb, IEnumerable<(double X, double Y)> points, string color, bool dashed)
        {
            var list = string.Join(" ", points.Select(p => $"{p.X.ToString("0.0", Inv)},{p.Y.ToString("0.0", Inv)}"));
            if (list.Length > 0)
            {
                sb.AppendLine(Inv, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\"{(dashed ? " stroke-dasharray=\"4 3\"" : "")} points=\"{list}\"/>");
            }
        }
    }
}
