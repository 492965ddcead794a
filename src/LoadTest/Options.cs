using System.Globalization;

namespace Viidakko.LoadTest;

/// <summary>Closed loop keeps a fixed number of calls in flight; open loop sends at a fixed rate.</summary>
internal enum LoadMode { Closed, Open }

/// <summary>Command-line options of the simulator.</summary>
internal sealed class Options
{
    /// <summary>One or more gateway addresses; the channel pool is spread over them.</summary>
    public IReadOnlyList<string> Targets { get; set; } = [];
    public string? Target => Targets.Count == 0 ? null : string.Join(",", Targets);
    public bool RetryTransient { get; set; }
    public TimeSpan? Deadline { get; set; }
    public string? JournalPath { get; set; }
    /// <summary>The open journal while a run writes one.</summary>
    public Journal? Journal { get; set; }
    /// <summary><c>verify</c>: check a journal against the hub instead of running load.</summary>
    public bool VerifyOnly { get; set; }
    public string? AdminKey { get; set; }
    public string? DataDir { get; set; }
    public bool SpawnHub { get; set; }
    public string? HttpTarget { get; set; }
    public int Networks { get; set; } = 1;
    public int Firms { get; set; } = 1000;
    public int ClientsPerFirm { get; set; } = 2;
    public int PartnersPerFirm { get; set; } = 3;
    public int Seed { get; set; } = 42;
    public LoadMode Mode { get; set; } = LoadMode.Closed;
    public int Concurrency { get; set; } = 64;
    public double Rate { get; set; } = 1000;
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(20);
    public long? Requests { get; set; }
    public TimeSpan Warmup { get; set; } = TimeSpan.FromSeconds(3);
    public int Channels { get; set; } = 2;
    public Dictionary<string, double> Mix { get; set; } = Workload.DefaultMix();
    public string? JsonPath { get; set; }
    public string? ChartPath { get; set; }
    public bool Baseline { get; set; } = true;
    public bool ActivateAll { get; set; }
    public bool Quiet { get; set; }
    /// <summary>Event-feed watch streams held during the workload (0: none).</summary>
    public int Watch { get; set; }
    public bool WatchChurn { get; set; }
    public bool WatchNetwork { get; set; }

    /// <summary>With a limit: a noisy network asks for ten times that limit during the workload (<see cref="NoisyTenant"/>).</summary>
    public int NoisyTenant { get; set; }

    public const string Usage = """
        Viidakko load simulator: many simulated firms against a hub's public gRPC API.

          dotnet run -c Release --project src/LoadTest -- [options]

        Hub (default: start an embedded hub in this process on a temporary data directory):
          --http-target URL     the running hub's HTTP/JSON address, for the *-json operations (e.g. http://127.0.0.1:5080)
          --target URL[,URL]    use a running hub, e.g. http://127.0.0.1:5000 (needs --admin-key or --data-dir);
                                several gateways of a cluster: the connection pool is spread over them
          --admin-key KEY       the hub's operator key
          --data-dir DIR        read admin.key from this data directory
          --spawn-hub           start the hub as a separate process (for memory and start-up figures)

        Population (seeded, reproducible):
          --networks N          networks (default 1)
          --firms N             firms in all, spread over the networks (default 1000)
          --clients-per-firm N  clients each firm registers, with hassle and revenue (default 2)
          --partners-per-firm N partnerships each firm proposes (default 3)
          --seed N              random seed (default 42)
          --activate-all        read every firm and client once after populating (memory figures)

        Load:
          --mode closed|open    closed: fixed concurrency; open: fixed arrival rate (default closed)
          --concurrency N       calls in flight in closed mode (default 64)
          --rate N              calls per second in open mode (default 1000)
          --duration 20s        measured time (after warm-up); or --requests N
          --warmup 3s           excluded from results (default 3s)
          --channels N          gRPC channels (connection pool) shared by all simulated firms (default 2)
          --mix a=1,b=2         operation weights: match, referral-lifecycle, referral-flow, directory,
                                scoreboard, profile, invalid, ping, referral-get, referral-get-json
                                (default: a realistic mix)
          --no-baseline         skip the same-run Ping baseline
          --watch N             hold N WatchEvents streams (one per firm, over the population) during the
                                workload; report delivery latency and check every feed: no gap, no repeat,
                                an event for every change the workload saw acknowledged
          --watch-churn         watchers drop their stream every 1-10 s and resume after their last position
          --watch-network       the operator watches each network's feed (WatchNetworkEvents) during the
                                workload; report its delivery latency and check that it carries every
                                firm's events in order, without gaps, up to each firm's head (churns too
                                with --watch-churn)
          --noisy-tenant L      during the workload, another network with a network rate limit of L cost
                                units a second asks for ten times that (reads); report what it got through

        Faults (for the cluster's fault tests):
          --retry               retry UNAVAILABLE, DEADLINE_EXCEEDED and ABORTED with the same request
                                (same request_id), as a member system should; every failed attempt is counted
          --deadline 10s        deadline of every call (default: none)
          --journal FILE        append what the hub acknowledged (firms and keys, referral creates and
                                accepts) and every failed call to FILE, one JSON line each

          dotnet run -c Release --project src/LoadTest -- verify --target URL --journal FILE [--json FILE]
                                check a journal against the hub: every acknowledged referral is there
                                with its acknowledged state, none was applied twice, and each firm's
                                ledger agrees with its referrals

          dotnet run -c Release --project src/LoadTest -- fuzz [--messages N | --duration 30s] [--spawn-hub |
                                --target URL --admin-key KEY] [--seed S] [--concurrency C] [--json FILE]
                                random and mutated messages for every RPC; fails on any UNKNOWN or INTERNAL
                                answer or when the hub dies (fuzz --help lists its options)

        Output:
          --json FILE           machine-readable results
          --chart FILE.svg      latency percentiles and throughput over time
          --quiet               no live progress line
        """;

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--target": o.Targets = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--retry": o.RetryTransient = true; break;
                case "--deadline": o.Deadline = ParseDuration(Next()); break;
                case "--journal": o.JournalPath = Next(); break;
                case "verify" when i == 0: o.VerifyOnly = true; break;
                case "--admin-key": o.AdminKey = Next(); break;
                case "--data-dir": o.DataDir = Next(); break;
                case "--spawn-hub": o.SpawnHub = true; break;
                case "--http-target": o.HttpTarget = Next(); break;
                case "--networks": o.Networks = PositiveInt(Next(), "--networks"); break;
                case "--firms": o.Firms = PositiveInt(Next(), "--firms"); break;
                case "--clients-per-firm": o.ClientsPerFirm = NonNegativeInt(Next(), "--clients-per-firm"); break;
                case "--partners-per-firm": o.PartnersPerFirm = NonNegativeInt(Next(), "--partners-per-firm"); break;
                case "--seed": o.Seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--activate-all": o.ActivateAll = true; break;
                case "--mode": o.Mode = Next() switch { "closed" => LoadMode.Closed, "open" => LoadMode.Open, var m => throw new ArgumentException($"unknown mode '{m}'") }; break;
                case "--concurrency": o.Concurrency = PositiveInt(Next(), "--concurrency"); break;
                case "--rate": o.Rate = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--duration": o.Duration = ParseDuration(Next()); break;
                case "--requests": o.Requests = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--warmup": o.Warmup = ParseDuration(Next()); break;
                case "--channels": o.Channels = PositiveInt(Next(), "--channels"); break;
                case "--mix": o.Mix = ParseMix(Next()); break;
                case "--no-baseline": o.Baseline = false; break;
                case "--json": o.JsonPath = Next(); break;
                case "--chart": o.ChartPath = Next(); break;
                case "--quiet": o.Quiet = true; break;
                case "--watch": o.Watch = NonNegativeInt(Next(), "--watch"); break;
                case "--watch-churn": o.WatchChurn = true; break;
                case "--watch-network": o.WatchNetwork = true; break;
                case "--noisy-tenant": o.NoisyTenant = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--help" or "-h": throw new HelpRequested();
                default: throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }

        if (o.VerifyOnly && (o.Targets.Count == 0 || o.JournalPath is null))
        {
            throw new ArgumentException("verify needs --target and --journal");
        }

        if (o.Firms < 2 * o.Networks)
        {
            throw new ArgumentException("--firms must be at least 2 per network");
        }

        return o;
    }

    public static TimeSpan ParseDuration(string text)
    {
        var unit = text[^1];
        var number = char.IsDigit(unit) ? text : text[..^1];
        var value = double.Parse(number, CultureInfo.InvariantCulture);
        return unit switch
        {
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            _ => TimeSpan.FromSeconds(value),
        };
    }

    public static Dictionary<string, double> ParseMix(string text)
    {
        var mix = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=');
            if (kv.Length != 2 || !Workload.Operations.Contains(kv[0]) || !double.TryParse(kv[1], CultureInfo.InvariantCulture, out var w) || w < 0)
            {
                throw new ArgumentException($"--mix entry '{part}' must be one of {string.Join(", ", Workload.Operations)} = a non-negative weight");
            }

            mix[kv[0]] = w;
        }

        return mix.Values.Sum() > 0 ? mix : throw new ArgumentException("--mix needs a positive weight");
    }

    private static int PositiveInt(string text, string name) =>
        int.TryParse(text, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : throw new ArgumentException($"{name} must be a positive number");

    private static int NonNegativeInt(string text, string name) =>
        int.TryParse(text, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : throw new ArgumentException($"{name} must be zero or more");
}

/// <summary>Thrown for --help.</summary>
internal sealed class HelpRequested : Exception;
