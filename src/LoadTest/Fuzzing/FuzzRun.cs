using System.Diagnostics;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;

namespace Viidakko.LoadTest.Fuzzing;

/// <summary>
/// <c>fuzz</c>: the hub, a small population, then random and mutated messages for every RPC until
/// the count or the time is reached; the report counts the answers and watches the hub.
/// </summary>
internal static class FuzzRun
{
    /// <summary>Runs, and returns the exit code: 1 after any UNKNOWN or INTERNAL answer, or when the hub died or stopped serving.</summary>
    public static async Task<int> ExitCodeAsync(FuzzOptions options, TextWriter output, CancellationToken ct) =>
        (await RunAsync(options, output, ct)).Passed ? 0 : 1;

    public static async Task<FuzzResult> RunAsync(FuzzOptions options, TextWriter output, CancellationToken ct)
    {
        void Say(string line)
        {
            if (!options.Quiet)
            {
                Console.Error.WriteLine(line);
            }
        }

        var (hub, watch, label) = await StartHubAsync(options, Say, ct);
        await using (hub)
        {
            var methods = ApiSurface.Discover();
            var services = methods.Select(m => m.Service).Distinct().ToList();
            Say($"{methods.Count} RPCs in {services.Count} services: {string.Join(", ", services)}");
            var population = await FuzzPopulation.BuildAsync(hub, options.Seed, sharedHub: options.Targets.Count > 0, Say, ct);
            var adminKey = hub.AdminAuth.GetValue("authorization")!["Bearer ".Length..];
            var factory = new MessageFactory(methods, population, new Credentials(adminKey, population), options.Seed, DateOnly.FromDateTime(DateTime.UtcNow));
            var tally = new FuzzTally(options.KeepFindings);

            var grainsBefore = await ActiveGrainsAsync(hub, ct);
            var gcBefore = hub.Memory is { } probe ? await probe.MeasureAsync(ct) : ((long, long)?)null;

            var clock = Stopwatch.StartNew();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var stopSampling = new CancellationTokenSource();
            var died = false;
            var sampling = watch?.SampleAsync(options.SampleEvery, clock, () => tally.Answered, () =>
            {
                died = true;
                Say("the hub process is gone: stopping");
                stop.Cancel();
            }, stopSampling.Token) ?? Task.CompletedTask;
            var progress = ProgressAsync(tally, clock, Say, stopSampling.Token);
            var restoring = RestoreAsync(hub, population, stopSampling.Token);

            long next = -1;
            var workers = Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var index = Interlocked.Increment(ref next);
                    if (options.Messages is { } total ? index >= total : clock.Elapsed >= options.Duration)
                    {
                        return;
                    }

                    await SendAsync(hub, factory.Create(index), tally, population.Names, options.CallDeadline, stop.Token);
                }
            }, CancellationToken.None)).ToList();
            await Task.WhenAll(workers);
            var seconds = clock.Elapsed.TotalSeconds;
            await stopSampling.CancelAsync();
            await Task.WhenAll(sampling, progress, restoring);

            var alive = watch is null || (!died && watch.Sample(clock, tally.Answered));
            var health = await HubWatch.HealthAsync(hub.Invoker);
            if (watch is null)
            {
                alive = health == "SERVING";
            }

            var grainsAfter = alive ? await ActiveGrainsAsync(hub, ct) : null;
            var gcAfter = alive && hub.Memory is { } probeAfter ? await probeAfter.MeasureAsync(ct) : ((long, long)?)null;
            MemoryReport? memory = null;
            if (watch is not null)
            {
                var samples = watch.Samples;
                memory = new MemoryReport(watch.Source, samples, samples.FirstOrDefault(), samples.MaxBy(s => s.RssBytes), samples.LastOrDefault(),
                    gcBefore?.Item2, gcAfter?.Item2, gcBefore?.Item1, gcAfter?.Item1, grainsBefore, grainsAfter);
            }

            var result = new FuzzResult(
                DateTime.UtcNow,
                $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
                label,
                options.Seed,
                options.Concurrency,
                services,
                methods.Count,
                tally.Answered,
                Math.Round(seconds, 1),
                Math.Round(tally.Answered / Math.Max(0.001, seconds), 0),
                tally.Totals(k => k.Code),
                tally.Totals(k => k.CodeAndReason),
                tally.By(k => k.Generator, k => k.CodeAndReason),
                tally.By(k => k.Credential, k => k.Code),
                tally.By(k => k.Service, k => k.Code),
                tally.By(k => k.Method, k => k.Code),
                tally.FindingCount,
                tally.Findings,
                tally.SurpriseCount,
                tally.Surprises,
                memory,
                alive,
                health,
                Passed: tally.FindingCount == 0 && alive && health == "SERVING");
            FuzzReport.Print(result, output);
            if (options.JsonPath is { } json)
            {
                FuzzReport.WriteJson(result, json);
                Say($"results written to {json}");
            }

            return result;
        }
    }

    /// <summary>The hub to fuzz, what watches it (null for one elsewhere), and how the report names it.</summary>
    private static async Task<(Hub Hub, HubWatch? Watch, string Label)> StartHubAsync(FuzzOptions options, Action<string> say, CancellationToken ct)
    {
        if (options.Targets.Count > 0)
        {
            var adminKey = options.AdminKey
                ?? (options.DataDir is { } dir ? (await File.ReadAllTextAsync(Path.Combine(dir, "admin.key"), ct)).Trim() : null)
                ?? throw new ArgumentException("--target needs --admin-key or --data-dir");
            return (Hub.Connect(options.Targets, adminKey, options.Channels), null, string.Join(",", options.Targets));
        }

        if (options.SpawnHub)
        {
            var (hub, took) = await Hub.SpawnAsync(options.Channels);
            say($"hub process {hub.ProcessId} started and SERVING after {took.TotalSeconds:0.00} s");
            return (hub, new HubWatch(hub.ProcessId, $"hub process {hub.ProcessId}, VmRSS from /proc/{hub.ProcessId}/status"),
                $"spawned process (pid {hub.ProcessId}, SERVING after {took.TotalSeconds:0.0} s)");
        }

        var embedded = await Hub.StartEmbeddedAsync(options.Channels);
        say($"embedded hub serving at {embedded.Address}");
        return (embedded, new HubWatch(null, $"this process {Environment.ProcessId}: the fuzzer and the embedded hub together"), "embedded in this process");
    }

    /// <summary>Sends one message and counts the answer; names in an OK answer join the pool.</summary>
    private static async Task SendAsync(Hub hub, FuzzMessage message, FuzzTally tally, NamePool names, TimeSpan deadline, CancellationToken ct)
    {
        try
        {
            var options = new CallOptions(message.Credential.Headers, DateTime.UtcNow + deadline, ct);
            byte[] answer;
            if (message.Method.IsServerStreaming)
            {
                // A watch never ends by itself: its first message (or its error) is the answer; then close it.
                using var stream = hub.Invoker.AsyncServerStreamingCall(message.Method.Raw, null, options, message.Bytes);
                if (!await stream.ResponseStream.MoveNext(ct))
                {
                    tally.Record(message, StatusCode.OK, "", "", fromClient: false);
                    return;
                }

                answer = stream.ResponseStream.Current;
            }
            else
            {
                answer = await hub.Invoker.AsyncUnaryCall(message.Method.Raw, null, options, message.Bytes);
            }

            tally.Record(message, StatusCode.OK, "", "", fromClient: false);
            try
            {
                names.Harvest(message.Method.Output.Parser.ParseFrom(answer));
            }
            catch (InvalidProtocolBufferException e)
            {
                // An OK answer this client cannot read is the hub's fault as much as an INTERNAL one.
                tally.Record(message, StatusCode.Internal, "UNREADABLE_ANSWER", e.Message, fromClient: true);
            }
        }
        catch (RpcException e) when (!(ct.IsCancellationRequested && e.StatusCode == StatusCode.Cancelled))
        {
            // A status with a debug exception was made by this process's client (the call never got
            // a gRPC answer), not sent by the hub.
            tally.Record(message, e.StatusCode, Reason(e), e.Status.Detail, fromClient: e.Status.DebugException is not null);
        }
    }

    private static string Reason(RpcException e)
    {
        try
        {
            return e.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason ?? "";
        }
        catch (InvalidProtocolBufferException)
        {
            return "UNREADABLE_DETAILS";
        }
    }

    private static async Task<IReadOnlyDictionary<string, long>?> ActiveGrainsAsync(Hub hub, CancellationToken ct)
    {
        try
        {
            var stats = await hub.Admin.GetHubStatsAsync(new Api.V1.GetHubStatsRequest(), hub.AdminAuth, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct);
            return new SortedDictionary<string, long>(stats.ActiveGrains, StringComparer.Ordinal);
        }
        catch (RpcException)
        {
            return null;
        }
    }

    /// <summary>Every 15 s, the population's partnerships made active again (fuzzed messages end them).</summary>
    private static async Task RestoreAsync(Hub hub, FuzzPopulation population, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(15), ct);
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                deadline.CancelAfter(TimeSpan.FromSeconds(10));
                await population.RestoreAsync(hub, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                if (ct.IsCancellationRequested)
                {
                    return;
                }
            }
            catch (RpcException) when (!ct.IsCancellationRequested)
            {
                // Cancelled by its own deadline: the next round tries again.
            }
        }
    }

    private static async Task ProgressAsync(FuzzTally tally, Stopwatch clock, Action<string> say, CancellationToken ct)
    {
        long last = 0;
        var lastTime = 0.0;
        while (true)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10), ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = clock.Elapsed.TotalSeconds;
            var answered = tally.Answered;
            say($"{now,6:0} s  {answered,10:N0} messages  {(answered - last) / (now - lastTime),7:0}/s  findings {tally.FindingCount}  surprises {tally.SurpriseCount}");
            last = answered;
            lastTime = now;
        }
    }
}
