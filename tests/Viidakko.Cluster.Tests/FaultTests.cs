using System.Text.Json;

namespace Viidakko.Cluster.Tests;

/// <summary>
/// Runs <c>scripts/fault-test.sh --quick</c> once on one topology: processes on loopback over
/// PostgreSQL and Redis, the simulator's referral flow through both gateways while a silo is killed
/// with kill -9 every 10 s, then while PostgreSQL restarts, then a whole-cluster restart (and, with
/// separate gateways, both silos stopped). Each test checks one promise in the report it writes.
/// </summary>
public abstract class FaultRun(params string[] flags) : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("viidakko-fault-").FullName;

    public JsonElement Report { get; private set; }

    public string Output { get; private set; } = "";

    public int ExitCode { get; private set; }

    public async Task InitializeAsync()
    {
        (ExitCode, Output) = await Scripts.RunAsync("fault-test.sh", TimeSpan.FromMinutes(8), [.. flags, _dir]);
        var report = Path.Combine(_dir, "fault-report.json");
        try
        {
            Report = JsonDocument.Parse(await File.ReadAllTextAsync(report)).RootElement.Clone();
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            // Say why in the CI log: the script's own account of each step, and what it left behind.
            var files = string.Join(", ", Directory.EnumerateFiles(_dir).Select(Path.GetFileName).Order());
            var tail = string.Join('\n', Output.Split('\n').TakeLast(60));
            Assert.Fail($"fault-test.sh (exit {ExitCode}) wrote no readable report ({e.Message}); files: {files}; output ends:\n{tail}");
        }
    }

    public Task DisposeAsync()
    {
        // The cluster is down (the script stops it); keep the directory only when something failed.
        if (ExitCode == 0)
        {
            Directory.Delete(_dir, recursive: true);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Two silos and two gateways, each its own process.</summary>
public sealed class SeparateFaultRun() : FaultRun("--quick");

/// <summary>Two co-hosted nodes: each process is a silo that serves gRPC itself.</summary>
public sealed class CohostedFaultRun() : FaultRun("--quick", "--cohosted");

[CollectionDefinition(Name)]
public sealed class SeparateFaultCollection : ICollectionFixture<SeparateFaultRun>
{
    public const string Name = "fault run, separate gateways";
}

[CollectionDefinition(Name)]
public sealed class CohostedFaultCollection : ICollectionFixture<CohostedFaultRun>
{
    public const string Name = "fault run, co-hosted nodes";
}

[Collection(SeparateFaultCollection.Name)]
public sealed class SeparateGatewayFaultTests(SeparateFaultRun run) : FaultTests(run)
{
    [Fact]
    public void Gateways_report_not_serving_while_no_silo_answers()
    {
        var health = Run.Report.GetProperty("health");
        Assert.False(health.GetProperty("servingWithoutSilos").GetBoolean());
        Assert.True(health.GetProperty("servingAgainWithOneSilo").GetBoolean());
    }
}

[Collection(CohostedFaultCollection.Name)]
public sealed class CohostedNodeFaultTests(CohostedFaultRun run) : FaultTests(run);

/// <summary>The promises every topology keeps under faults.</summary>
public abstract class FaultTests(FaultRun run)
{
    protected FaultRun Run => run;

    /// <summary>
    /// What a member system retries with the same request id. ABORTED is rare but allowed: while a
    /// silo drains or dies, Orleans' default directory can briefly hold two activations of a firm;
    /// the storage ETag refuses the stale one's write, and the retry finds what was applied.
    /// </summary>
    private static readonly string[] Transient = ["Unavailable", "DeadlineExceeded", "Aborted"];

    [Fact]
    public void Killing_silos_under_load_loses_nothing_acknowledged_and_applies_nothing_twice()
    {
        var kills = run.Report.GetProperty("kills");
        Assert.True(kills.GetProperty("events").GetArrayLength() >= 2, run.Output);
        AssertVerified(kills.GetProperty("verify"), minimumCreates: 200);
    }

    [Fact]
    public void Only_retryable_errors_appear_and_only_after_a_kill()
    {
        var kills = run.Report.GetProperty("kills");
        AssertOnlyTransientErrors(kills.GetProperty("verify"));
        Assert.Equal(0, kills.GetProperty("failedCallsBeforeAnyKill").GetInt32());
        foreach (var kill in kills.GetProperty("events").EnumerateArray())
        {
            // Calls to the dead silo's grains fail until membership declares it dead (about 5 s); then
            // they move. The first kill also pays for activating the population on the survivor.
            Assert.InRange(kill.GetProperty("recoveryMs").GetInt64(), 0, 20_000);
        }
    }

    [Fact]
    public void Event_feeds_watched_through_kills_and_reconnects_miss_nothing_and_stay_in_order()
    {
        var watch = run.Report.GetProperty("kills").GetProperty("watch");
        var detail = watch.ToString();
        Assert.Equal(30, watch.GetProperty("streams").GetInt32());
        Assert.True(watch.GetProperty("acknowledged").GetInt64() >= 50, detail);
        Assert.True(watch.GetProperty("events").GetInt64() >= watch.GetProperty("acknowledged").GetInt64(), detail);
        Assert.True(watch.GetProperty("churned").GetInt64() + watch.GetProperty("reconnects").GetInt64() > 0, detail);
        Assert.Equal(0, watch.GetProperty("gaps").GetInt64());
        Assert.Equal(0, watch.GetProperty("repeats").GetInt64());
        Assert.Equal(0, watch.GetProperty("missing").GetInt64());
        Assert.True(watch.GetProperty("passed").GetBoolean(), detail);
    }

    [Fact]
    public void The_operators_network_feed_watched_through_kills_carries_every_firms_events_in_order()
    {
        var watch = run.Report.GetProperty("kills").GetProperty("networkWatch");
        var detail = watch.ToString();
        Assert.Equal(1, watch.GetProperty("streams").GetInt32());
        Assert.True(watch.GetProperty("events").GetInt64() >= 100, detail);
        Assert.True(watch.GetProperty("firms").GetInt32() >= 10, detail);
        Assert.True(watch.GetProperty("churned").GetInt64() + watch.GetProperty("reconnects").GetInt64() > 0, detail);
        Assert.Equal(0, watch.GetProperty("gaps").GetInt64());
        Assert.Equal(0, watch.GetProperty("missing").GetInt64());
        Assert.True(watch.GetProperty("passed").GetBoolean(), detail);
    }

    [Fact]
    public void Restarting_postgresql_during_writes_loses_nothing_acknowledged()
    {
        var verify = run.Report.GetProperty("postgresRestart").GetProperty("verify");
        AssertVerified(verify, minimumCreates: 100);
        AssertOnlyTransientErrors(verify);
    }

    [Fact]
    public void A_gracefully_stopped_silo_drains_and_loses_nothing_acknowledged()
    {
        var drain = run.Report.GetProperty("drain");
        AssertVerified(drain.GetProperty("verify"), minimumCreates: 100);
        AssertOnlyTransientErrors(drain.GetProperty("verify"));
        // SIGTERM: the silo deactivates its grains (writing what they hold) and leaves the cluster
        // within the 25 s it gives itself.
        Assert.InRange(drain.GetProperty("stopMs").GetInt64(), 0, 30_000);
    }

    [Fact]
    public void After_the_whole_cluster_restarts_everything_is_still_there()
    {
        var restart = run.Report.GetProperty("clusterRestart");
        var before = run.Report.GetProperty("kills").GetProperty("verify").GetProperty("acknowledgedCreates").GetInt32();
        Assert.Equal(before, restart.GetProperty("kills").GetProperty("acknowledgedCreates").GetInt32());
        AssertVerified(restart.GetProperty("kills"), minimumCreates: 200);
        AssertVerified(restart.GetProperty("postgres"), minimumCreates: 100);
    }

    [Fact]
    public void The_script_passes_as_a_whole()
    {
        Assert.True(run.ExitCode == 0, run.Output);
    }

    private void AssertVerified(JsonElement verify, int minimumCreates)
    {
        var detail = verify.ToString();
        Assert.True(verify.GetProperty("acknowledgedCreates").GetInt32() >= minimumCreates, detail);
        // Each flow accepts what it created; only flows cut short at the end of the run may lack their accept.
        var creates = verify.GetProperty("acknowledgedCreates").GetInt32();
        Assert.InRange(verify.GetProperty("acknowledgedAccepts").GetInt32(), creates - 20, creates);
        Assert.Empty(verify.GetProperty("missing").EnumerateArray());
        Assert.Empty(verify.GetProperty("wrongState").EnumerateArray());
        Assert.Empty(verify.GetProperty("appliedTwice").EnumerateArray());
        Assert.Empty(verify.GetProperty("ledgerMismatches").EnumerateArray());
        Assert.True(verify.GetProperty("passed").GetBoolean(), detail);
    }

    private static void AssertOnlyTransientErrors(JsonElement verify)
    {
        foreach (var code in verify.GetProperty("errorsByCode").EnumerateObject())
        {
            Assert.Contains(code.Name, Transient);
        }
    }
}
