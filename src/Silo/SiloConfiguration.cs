using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Viidakko.Grains;
using Viidakko.Silo.Storage;

namespace Viidakko.Silo;

/// <summary>How a Viidakko silo is put together.</summary>
public static class SiloConfiguration
{
    /// <summary>The Orleans service id shared by every Viidakko deployment.</summary>
    public const string ServiceId = "viidakko";

    /// <summary>
    /// The embedded default: one silo on loopback, clustered with itself, with all grain state in a
    /// SQLite file under <paramref name="dataDir"/>. No client gateway port is opened: the gRPC
    /// gateway in the same process talks to the silo directly.
    /// </summary>
    public static ISiloBuilder UseViidakkoEmbedded(this ISiloBuilder silo, string dataDir, int siloPort)
    {
        silo.UseLocalhostClustering(siloPort: siloPort, gatewayPort: 0, serviceId: ServiceId, clusterId: "embedded");
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = IPAddress.Loopback;
            o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, siloPort);
            o.GatewayPort = 0;
        });
        silo.AddViidakkoSqliteGrainStorage(GrainStorage.Name, o => o.DatabasePath = DatabasePath(dataDir));
        return silo.AddViidakkoGrainServices();
    }

    /// <summary>
    /// A silo of the cluster: membership and reminders in Redis, grain state in PostgreSQL, silo
    /// and gateway ports on every interface, advertised at <see cref="ClusterSettings.AdvertisedIp"/>.
    /// </summary>
    public static ISiloBuilder UseViidakkoCluster(this ISiloBuilder silo, ClusterSettings settings)
    {
        settings.Require(postgres: true);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = settings.ServiceId;
            o.ClusterId = settings.ClusterId;
        });
        silo.ConfigureEndpoints(settings.ResolveAdvertisedAddress(), settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
        silo.UseRedisClustering(o => o.ConfigurationOptions = RedisOptions(settings.Redis!));
        silo.UseRedisReminderService(o => o.ConfigurationOptions = RedisOptions(settings.Redis!));
        silo.AddViidakkoPostgresGrainStorage(GrainStorage.Name, o => o.ConnectionString = settings.Postgres);
        // A killed silo is declared dead after a few missed probes; faster than the defaults so
        // that its grains move to the living silo within seconds, still tolerant of a GC pause.
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(2);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
            o.DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(10);
            o.DefunctSiloExpiration = TimeSpan.FromHours(1);
        });
        return silo.AddViidakkoGrainServices();
    }

    /// <summary>How long a starting gateway keeps trying to reach the cluster.</summary>
    public static readonly TimeSpan ClientConnectPatience = TimeSpan.FromSeconds(60);

    /// <summary>A gateway's Orleans client: finds the cluster's silos through the same Redis membership.</summary>
    public static IClientBuilder UseViidakkoCluster(this IClientBuilder client, ClusterSettings settings)
    {
        settings.Require(postgres: false);
        client.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = settings.ServiceId;
            o.ClusterId = settings.ClusterId;
        });
        client.UseRedisClustering(o => o.ConfigurationOptions = RedisOptions(settings.Redis!));
        // Learn soon about silos that died or came back, rather than after the default minute.
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        // A gateway may start before the silos (or while they restart): keep trying for a minute
        // rather than failing at once; a container orchestrator restarts it after that.
        var giveUp = new Lazy<DateTime>(() => DateTime.UtcNow + ClientConnectPatience);
        client.UseConnectionRetryFilter(async (_, cancellationToken) =>
        {
            if (DateTime.UtcNow > giveUp.Value)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        });
        return client;
    }

    private static StackExchange.Redis.ConfigurationOptions RedisOptions(string configuration)
    {
        var options = StackExchange.Redis.ConfigurationOptions.Parse(configuration);
        // Keep retrying while Redis restarts instead of failing the silo at start-up.
        options.AbortOnConnectFail = false;
        return options;
    }

    /// <summary>Services every Viidakko silo needs, whatever its clustering and storage.</summary>
    public static ISiloBuilder AddViidakkoGrainServices(this ISiloBuilder silo)
    {
        silo.Services.TryAddSingleton(TimeProvider.System);
        return silo;
    }

    /// <summary>The SQLite file of the embedded hub.</summary>
    public static string DatabasePath(string dataDir) => Path.Combine(dataDir, "viidakko.db");
}
