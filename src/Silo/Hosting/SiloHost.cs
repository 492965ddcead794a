using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Viidakko.Grains;
using Viidakko.Hosting;
using Viidakko.Silo.HealthChecks;
using Viidakko.Silo.Reminders;
using Viidakko.Silo.Storage;

namespace Viidakko.Silo.Hosting;

/// <summary>How a Viidakko silo is put together, embedded in the one-process hub or as a node of a cluster.</summary>
public static class SiloHost
{
    /// <summary>How long a stopping silo may take to hand over its grains (inside the 30 s a container engine gives before SIGKILL).</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(25);

    /// <summary>
    /// The embedded default: one silo on loopback, clustered with itself, with all grain state and
    /// reminders in a SQLite file under <paramref name="dataDir"/>. No client gateway port is opened: the gRPC
    /// gateway in the same process talks to the silo directly.
    /// </summary>
    public static ISiloBuilder UseViidakkoEmbedded(this ISiloBuilder silo, string dataDir, int siloPort, int eventRetentionDays = 90)
    {
        silo.UseLocalhostClustering(siloPort: siloPort, gatewayPort: 0, serviceId: ClusterConnectionOptions.DefaultServiceId, clusterId: "embedded");
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = IPAddress.Loopback;
            o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, siloPort);
            o.GatewayPort = 0;
        });
        silo.AddViidakkoSqliteGrainStorage(GrainStorage.Name, o =>
        {
            o.DatabasePath = DatabasePath(dataDir);
            o.EventRetention = TimeSpan.FromDays(eventRetentionDays);
        });
        // Timers that must outlive a restart (deadlines) are reminders: kept in the same file.
        silo.UseViidakkoSqliteReminders(DatabasePath(dataDir));
        return silo.AddViidakkoGrainServices();
    }

    /// <summary>
    /// A silo of the cluster: membership and reminders in Redis, grain state in PostgreSQL, silo
    /// and gateway ports on every interface, advertised at <see cref="SiloOptions.AdvertisedIp"/>.
    /// </summary>
    public static ISiloBuilder UseViidakkoCluster(this ISiloBuilder silo, ClusterConnectionOptions cluster, SiloOptions options)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = cluster.ServiceId;
            o.ClusterId = cluster.ClusterId;
        });
        silo.ConfigureEndpoints(options.ResolveAdvertisedAddress(), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
        silo.UseRedisClustering(o => o.ConfigurationOptions = cluster.RedisConfiguration());
        silo.UseRedisReminderService(o => o.ConfigurationOptions = cluster.RedisConfiguration());
        silo.AddViidakkoPostgresGrainStorage(GrainStorage.Name, o =>
        {
            o.ConnectionString = options.Postgres;
            o.EventRetention = TimeSpan.FromDays(options.EventRetentionDays);
        });
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

    /// <summary>
    /// A host that is a node of the cluster: the silo, and <c>/health/live</c> and
    /// <c>/health/ready</c> on <see cref="SiloOptions.HealthListen"/> (HTTP/1). SIGTERM drains the
    /// silo: its grains deactivate (writing what they hold) and it leaves the membership table, so
    /// the others take over at once instead of after a missed-probe timeout.
    /// </summary>
    public static WebApplicationBuilder AddViidakkoClusterSilo(this WebApplicationBuilder builder, ClusterConnectionOptions cluster, SiloOptions options)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var (address, port) = ListenAddress.Parse(options.HealthListen);
            kestrel.Listen(address, port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = DrainTimeout);
        // Joins, leaves and deaths of silos are what an operator of a cluster wants to see.
        builder.Logging.AddFilter("Orleans.Runtime.MembershipService", LogLevel.Information);
        builder.UseOrleans(silo => silo.UseViidakkoCluster(cluster, options));
        builder.Services.AddHealthChecks().AddCheck<SiloReadyCheck>("silo", tags: ["ready"]);
        return builder;
    }

    /// <summary>Maps the silo's health endpoints: live while the process runs, ready while the silo is an active member.</summary>
    public static WebApplication MapViidakkoSiloHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }

    /// <summary>Services every Viidakko silo needs, whatever its clustering and storage.</summary>
    public static ISiloBuilder AddViidakkoGrainServices(this ISiloBuilder silo)
    {
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddOptions<WebhookOptions>();
        silo.Services.TryAddSingleton(sp =>
        {
            var webhooks = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
            return new WebhookSender(webhooks.Policy(), webhooks.Timeout);
        });
        silo.AddIncomingGrainCallFilter<AbsentGrainRelease>();
        return silo;
    }

    /// <summary>
    /// Where this silo's webhooks may go: the operator's allowances, and never <paramref name="hubEndpoints"/>
    /// (the hub's own API; a wildcard address stands for every local one).
    /// </summary>
    public static IServiceCollection AddViidakkoWebhooks(this IServiceCollection services, SiloOptions options, IEnumerable<IPEndPoint> hubEndpoints)
    {
        var endpoints = hubEndpoints.ToList();
        return services.Configure<WebhookOptions>(o =>
        {
            o.AllowPrivateTargets = options.WebhookAllowPrivateTargets;
            o.AllowLinkLocalTargets = options.WebhookAllowLinkLocalTargets;
            foreach (var endpoint in endpoints)
            {
                o.HubEndpoints.Add(endpoint);
            }
        });
    }

    /// <summary>The SQLite file of the embedded hub.</summary>
    public static string DatabasePath(string dataDir) => Path.Combine(dataDir, "viidakko.db");
}
