using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Viidakko.Silo.Hosting;
using Viidakko.Silo.Reminders;
using Viidakko.Silo.Storage;

namespace Viidakko.Grains.Tests.Cluster;

/// <summary>
/// One in-process silo for a whole collection, configured like the real hub: Viidakko's grain
/// services and its SQLite grain storage in a file, so state goes through the JSON shape users'
/// databases hold. Tests keep apart by using a fresh network id each.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    private readonly string _directory =
        Path.Combine(Path.GetTempPath(), "viidakko-grains-tests", Guid.NewGuid().ToString("N"));

    private InProcessTestCluster? _cluster;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The SQLite file the silo stores grain state in.</summary>
    public string DatabasePath => Path.Combine(_directory, "grains.db");

    /// <summary>Services the silo gets before Viidakko's own (which only fill in what is missing).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async Task InitializeAsync()
    {
        var databasePath = DatabasePath;
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            ConfigureServices(silo.Services);
            silo.AddViidakkoSqliteGrainStorage(GrainStorage.Name, o => o.DatabasePath = databasePath)
                .UseViidakkoSqliteReminders(databasePath)
                .AddViidakkoGrainServices()
                .AddOutgoingGrainCallFilter<DeactivateActorFilter>()
                .AddOutgoingGrainCallFilter<UnreachablePartyFilter>();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }

        // Pooled connections keep the file open; release them so the directory can go.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

/// <summary>Grain tests share one cluster; xunit runs the classes of one collection one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Orleans cluster";
}

/// <summary>
/// A cluster of its own whose grains read the time from <see cref="Clock"/>, so tests can let a day
/// pass. Its own collection: moving the clock must not reach tests on the shared cluster.
/// </summary>
public sealed class ClockedClusterFixture : ClusterFixture
{
    public ManualClock Clock { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

[CollectionDefinition(Name)]
public sealed class ClockedClusterCollection : ICollectionFixture<ClockedClusterFixture>
{
    public const string Name = "Orleans cluster with a manual clock";
}

/// <summary>
/// A cluster with a manual clock whose deadline timers check the clock every second, so a test that
/// moves the clock sees the warning and the expiry happen on their own, as they would in real time.
/// </summary>
public sealed class TimedClusterFixture : ClusterFixture
{
    public ManualClock Clock { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Clock);
        services.Configure<ReferralTimerOptions>(o => o.MaxDelay = TimeSpan.FromSeconds(1));
    }
}

[CollectionDefinition(Name)]
public sealed class TimedClusterCollection : ICollectionFixture<TimedClusterFixture>
{
    public const string Name = "Orleans cluster with a manual clock and quick deadline timers";
}
