using System.Globalization;

namespace Viidakko.LoadTest.Fuzzing;

/// <summary>Command-line options of <c>fuzz</c>.</summary>
internal sealed class FuzzOptions
{
    public IReadOnlyList<string> Targets { get; set; } = [];
    public string? AdminKey { get; set; }
    public string? DataDir { get; set; }
    public bool SpawnHub { get; set; }

    /// <summary>Messages to send; null: run for <see cref="Duration"/>.</summary>
    public long? Messages { get; set; }
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(30);
    public int Seed { get; set; } = 1;
    public int Concurrency { get; set; } = 16;
    public int Channels { get; set; } = 2;

    /// <summary>How often the hub's memory is sampled.</summary>
    public TimeSpan SampleEvery { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Deadline of every fuzzed call: a call that hangs is counted, not waited for forever.</summary>
    public TimeSpan CallDeadline { get; set; } = TimeSpan.FromSeconds(30);
    public string? JsonPath { get; set; }
    public bool Quiet { get; set; }

    /// <summary>Findings (UNKNOWN / INTERNAL answers) kept with their bytes for the report (at most 3 per method).</summary>
    public int KeepFindings { get; set; } = 60;

    public const string Usage = """
          dotnet run -c Release --project src/LoadTest -- fuzz [options]
                                random and mutated messages for every RPC of the public API (valid
                                shapes with hostile values, bit flips, truncation, unknown fields, deep
                                nesting, random bytes); counts the answers by status code, fails on any
                                UNKNOWN or INTERNAL answer or when the hub dies
            --messages N        messages to send (default: run for --duration)
            --duration 30s      how long to run when --messages is not given (default 30s)
            --spawn-hub         start the hub as its own process (its RSS is sampled from /proc)
            --target URL --admin-key KEY (or --data-dir DIR)   fuzz a running hub
            --seed N            the same seed sends the same messages (default 1)
            --concurrency N     calls in flight (default 16)
            --channels N        gRPC channels (default 2)
            --sample-every 5s   memory sampling interval (default 5s)
            --deadline 30s      deadline of each call (default 30s)
            --json FILE         machine-readable report
            --quiet             no progress lines
        """;

    /// <summary>Parses the arguments after <c>fuzz</c>.</summary>
    public static FuzzOptions Parse(IReadOnlyList<string> args)
    {
        var o = new FuzzOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--target": o.Targets = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--admin-key": o.AdminKey = Next(); break;
                case "--data-dir": o.DataDir = Next(); break;
                case "--spawn-hub": o.SpawnHub = true; break;
                case "--messages": o.Messages = long.TryParse(Next(), CultureInfo.InvariantCulture, out var m) && m > 0 ? m : throw new ArgumentException("--messages must be a positive number"); break;
                case "--duration": o.Duration = ParseDuration(Next(), "--duration"); break;
                case "--seed": o.Seed = int.TryParse(Next(), CultureInfo.InvariantCulture, out var s) ? s : throw new ArgumentException("--seed must be a whole number"); break;
                case "--concurrency": o.Concurrency = PositiveInt(Next(), "--concurrency"); break;
                case "--channels": o.Channels = PositiveInt(Next(), "--channels"); break;
                case "--sample-every": o.SampleEvery = ParseDuration(Next(), "--sample-every"); break;
                case "--deadline": o.CallDeadline = ParseDuration(Next(), "--deadline"); break;
                case "--json": o.JsonPath = Next(); break;
                case "--quiet": o.Quiet = true; break;
                case "--help" or "-h": throw new HelpRequested();
                default: throw new ArgumentException($"unknown fuzz option '{args[i]}'");
            }
        }

        if (o.SpawnHub && o.Targets.Count > 0)
        {
            throw new ArgumentException("--spawn-hub and --target exclude each other");
        }

        return o;
    }

    private static TimeSpan ParseDuration(string text, string name)
    {
        TimeSpan value;
        try
        {
            value = Options.ParseDuration(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException or IndexOutOfRangeException)
        {
            throw new ArgumentException($"{name} must look like 30s, 5m or 1h (got '{text}')");
        }

        return value > TimeSpan.Zero ? value : throw new ArgumentException($"{name} must be longer than zero");
    }

    private static int PositiveInt(string text, string name) =>
        int.TryParse(text, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : throw new ArgumentException($"{name} must be a positive number");
}
