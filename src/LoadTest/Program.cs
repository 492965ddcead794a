using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Viidakko.LoadTest;
using Viidakko.LoadTest.Fuzzing;

// `fuzz` (src/LoadTest/Fuzzing) takes options of its own.
var fuzzing = args is ["fuzz", ..];
Options options = null!;
FuzzOptions fuzzOptions = null!;
try
{
    if (fuzzing)
    {
        fuzzOptions = FuzzOptions.Parse(args[1..]);
    }
    else
    {
        options = Options.Parse(args);
    }
}
catch (HelpRequested)
{
    Console.WriteLine(fuzzing ? FuzzOptions.Usage : Options.Usage);
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine("run with --help for the options");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return fuzzing ? await FuzzRun.ExitCodeAsync(fuzzOptions, Console.Out, cancel.Token) : await LoadRun.RunAsync(options, Console.Out, cancel.Token);

namespace Viidakko.LoadTest
{
    using Viidakko.Api.V1;

    /// <summary>One whole run: hub, population, baseline, workload, report.</summary>
    internal static class LoadRun
    {
        public static async Task<int> RunAsync(Options options, TextWriter output, CancellationToken ct)
        {
            void Say(string line) => Console.Error.WriteLine(line);

            Hub hub;
            double? startUp = null;
            if (options.Targets.Count > 0)
            {
                var adminKey = options.AdminKey
                    ?? (options.DataDir is { } dir ? (await File.ReadAllTextAsync(Path.Combine(dir, "admin.key"), ct)).Trim() : null)
                    ?? throw new ArgumentException("--target needs --admin-key or --data-dir");
                hub = Hub.Connect(options.Targets, adminKey, options.Channels, options.Deadline, options.HttpTarget);
                if (options.VerifyOnly)
                {
                    await using (hub)
                    {
                        return await Verifier.RunAsync(hub, options, output, ct);
                    }
                }
            }
            else if (options.SpawnHub)
            {
                var (spawned, took) = await Hub.SpawnAsync(options.Channels);
                hub = spawned;
                startUp = took.TotalSeconds;
                Say($"hub process started and SERVING after {took.TotalSeconds:0.00} s");
            }
            else
            {
                hub = await Hub.StartEmbeddedAsync(options.Channels);
                Say($"embedded hub serving at {hub.Address}");
            }

            await using (hub)
            {
                var clock = Stopwatch.StartNew();
                Say($"building the population: {options.Networks} network(s), {options.Firms} firms (seed {options.Seed})");
                var population = await PopulationBuilder.BuildAsync(hub, options, Say, ct);
                var populationSeconds = clock.Elapsed.TotalSeconds;
                Say($"population ready in {populationSeconds:0.0} s");
                using var journal = options.JournalPath is { } journalPath ? new Journal(journalPath) : null;
                options.Journal = journal;
                foreach (var firm in journal is null ? [] : population.Firms)
                {
                    journal!.Firm(firm, firm.ApiKey);
                }

                MemoryFigures? memory = null;
                if (options.ActivateAll)
                {
                    memory = await MeasureMemoryAsync(hub, population, options, Say, ct);
                }

                PhaseResult? baseline = null;
                if (options.Baseline)
                {
                    baseline = await Runner.RunPhaseAsync("baseline: ping", hub, population, options, new Dictionary<string, double> { ["ping"] = 1 }, ct);
                }

                FeedWatchers? watchers = null;
                if (options.Watch > 0)
                {
                    watchers = new FeedWatchers(hub, population, options.Watch, options.WatchChurn, options.Seed);
                    await watchers.StartAsync(ct);
                    Say($"{options.Watch} event-feed watches open");
                }

                NetworkWatcher? networkWatcher = null;
                if (options.WatchNetwork)
                {
                    networkWatcher = new NetworkWatcher(hub, population, options.WatchChurn, options.Seed);
                    await networkWatcher.StartAsync(ct);
                    Say($"{population.Networks.Count} network-feed watches open");
                }

                NoisyTenant? noisy = null;
                if (options.NoisyTenant > 0)
                {
                    noisy = new NoisyTenant(hub, options.NoisyTenant, options.Seed);
                    await noisy.StartAsync(ct);
                    Say($"a noisy network asks for ten times its limit of {options.NoisyTenant} cost units a second");
                }

                var workload = await Runner.RunPhaseAsync("workload", hub, population, options, options.Mix, ct, watchers, networkWatcher);
                if (noisy is not null)
                {
                    Say(await noisy.StopAsync());
                }

                var watch = watchers is null ? null : await watchers.StopAsync(ct);
                var networkWatch = networkWatcher is null ? null : await networkWatcher.StopAsync(ct);
                var run = new RunResult(
                    DateTime.UtcNow,
                    $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
                    Describe(options),
                    population.Networks.Count,
                    population.Firms.Count,
                    Math.Round(populationSeconds, 2),
                    startUp is { } s ? Math.Round(s, 3) : null,
                    memory,
                    baseline,
                    workload,
                    Report.Ratios(baseline, workload),
                    watch,
                    networkWatch);
                Report.Print(run, output);
                if (options.JsonPath is { } json)
                {
                    Report.WriteJson(run, json);
                    Say($"results written to {json}");
                }

                if (options.ChartPath is { } chart)
                {
                    Report.WriteChart(run, chart);
                    Say($"chart written to {chart}");
                }

                // Unexpected failures make the run fail, so a script (or CI's smoke run) notices.
                return workload.Overall.Failed == 0 && (baseline?.Overall.Failed ?? 0) == 0 && watch?.Passed != false && networkWatch?.Passed != false ? 0 : 1;
            }
        }

        /// <summary>Touches every firm and client once, then asks the hub for its memory with everything active.</summary>
        private static async Task<MemoryFigures> MeasureMemoryAsync(Hub hub, Population population, Options options, Action<string> say, CancellationToken ct)
        {
            say("activating every firm and client");
            var firms = new FirmService.FirmServiceClient(hub.Invoker);
            await Parallel.ForEachAsync(population.Firms, new ParallelOptions { MaxDegreeOfParallelism = 48, CancellationToken = ct }, async (firm, token) =>
            {
                await firms.GetFirmAsync(new GetFirmRequest { Name = firm.Name }, firm.Auth, cancellationToken: token);
                for (var c = 0; c < options.ClientsPerFirm; c++)
                {
                    await hub.Clients.GetClientAsync(new GetClientRequest { Name = $"{firm.Name}/clients/client-{c}" }, firm.Auth, cancellationToken: token);
                }
            });
            var stats = await hub.Admin.GetHubStatsAsync(new GetHubStatsRequest(), hub.AdminAuth, cancellationToken: ct);
            var grains = stats.ActiveGrains.ToDictionary(kv => kv.Key, kv => kv.Value);
            var counted = grains.GetValueOrDefault("FirmGrain") + grains.GetValueOrDefault("ClientGrain");
            // A spawned hub collects garbage on the benchmark switch first, so the heap counts live objects only.
            var (rss, heap) = hub.Memory is { } probe ? await probe.MeasureAsync(ct) : (stats.RssBytes, stats.ManagedHeapBytes);
            return new MemoryFigures(rss, heap, grains, Math.Round((double)rss / Math.Max(1, counted), 1), Math.Round((double)heap / Math.Max(1, counted), 1));
        }

        private static Dictionary<string, string> Describe(Options o)
        {
            var d = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["hub"] = o.Target ?? (o.SpawnHub ? "spawned process" : "embedded"),
                ["mode"] = o.Mode == LoadMode.Closed ? "closed" : "open",
                ["seed"] = o.Seed.ToString(CultureInfo.InvariantCulture),
                ["channels"] = o.Channels.ToString(CultureInfo.InvariantCulture),
                ["warmup"] = $"{o.Warmup.TotalSeconds:0}s",
                ["mix"] = string.Join(",", o.Mix.Select(kv => $"{kv.Key}={kv.Value}")),
            };
            if (o.Mode == LoadMode.Closed)
            {
                d["concurrency"] = o.Concurrency.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                d["rate"] = o.Rate.ToString(CultureInfo.InvariantCulture);
            }

            d[o.Requests is null ? "duration" : "requests"] = o.Requests?.ToString(CultureInfo.InvariantCulture) ?? $"{o.Duration.TotalSeconds:0}s";
            if (o.Watch > 0)
            {
                d["watch"] = o.Watch.ToString(CultureInfo.InvariantCulture) + (o.WatchChurn ? " (churn)" : "");
            }

            if (o.WatchNetwork)
            {
                d["watchNetwork"] = o.WatchChurn ? "churn" : "yes";
            }

            if (o.NoisyTenant > 0)
            {
                d["noisyTenant"] = o.NoisyTenant.ToString(CultureInfo.InvariantCulture);
            }
            return d;
        }
    }
}
