using System.Net;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Viidakko.Gateway.Infrastructure;
using Viidakko.Gateway.Services;
using Viidakko.Silo;

namespace Viidakko.Gateway;

/// <summary>
/// Builds the hub's gRPC gateway: by default with an Orleans silo in the same process (embedded), or
/// as a client of a cluster of silos (cluster mode).
/// </summary>
public static class HubApp
{
    /// <summary>
    /// Builds the hub. Tests pass <paramref name="settings"/> (and, for cluster mode,
    /// <paramref name="cluster"/>); otherwise configuration and environment decide.
    /// </summary>
    public static WebApplication Build(string[] args, HubSettings? settings = null, ClusterSettings? cluster = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        settings ??= HubSettings.From(builder.Configuration);
        if (settings.IsCluster && string.IsNullOrEmpty(settings.AdminKey))
        {
            // Every gateway must accept the same operator key, so none may invent its own.
            throw new InvalidOperationException("Cluster mode needs VIIDAKKO_ADMIN_KEY (the operator key, the same on every gateway).");
        }

        if (!settings.IsCluster)
        {
            Directory.CreateDirectory(settings.DataDir);
        }

        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Every refused request (bad input, wrong key) is the caller's business, not an event to log.
        builder.Logging.AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Warning);
        // The watchdog reports a bogus multi-minute stall on the first check after start-up.
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var (address, port) = Viidakko.Silo.ListenAddress.Parse(settings.Listen, "VIIDAKKO_LISTEN / Viidakko:Listen");
            // gRPC without TLS needs HTTP/2 only (h2c); Http1AndHttp2 would fall back to HTTP/1.1.
            kestrel.Listen(address, port, listen => listen.Protocols = HttpProtocols.Http2);
        });

        if (settings.IsCluster)
        {
            cluster ??= ClusterSettings.From(builder.Configuration);
            builder.UseOrleansClient(client => client.UseViidakkoCluster(cluster));
        }
        else
        {
            builder.UseOrleans(silo => silo.UseViidakkoEmbedded(settings.DataDir, settings.SiloPort));
        }

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(AdminKey.Load(settings));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<FirmKeyCache>();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<ErrorInterceptor>();
            grpc.Interceptors.Add<AuthInterceptor>();
            grpc.MaxReceiveMessageSize = 1024 * 1024;
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks().AddCheck<ClusterHealthCheck>("cluster");

        var app = builder.Build();
        app.MapGrpcService<AdminGrpcService>();
        app.MapGrpcService<FirmGrpcService>();
        app.MapGrpcService<PartnershipGrpcService>();
        app.MapGrpcService<ClientGrpcService>();
        app.MapGrpcService<ReferralGrpcService>();
        app.MapGrpcService<MatchGrpcService>();
        app.MapGrpcService<FeedbackGrpcService>();
        app.MapGrpcService<HubGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }

    /// <summary>Asks this host's gateway for its gRPC health: 0 when SERVING (for container health checks).</summary>
    public static async Task<int> ProbeHealthAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .Build();
        var settings = HubSettings.From(configuration);
        try
        {
            using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(
                Viidakko.Silo.ListenAddress.Local(settings.Listen, "VIIDAKKO_LISTEN"));
            var reply = await new Grpc.Health.V1.Health.HealthClient(channel)
                .CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
            return reply.Status == Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving ? 0 : 1;
        }
        catch (Grpc.Core.RpcException)
        {
            return 1;
        }
    }

    /// <summary>The address the hub listens on once started (the real port when 0 was asked for).</summary>
    public static string ListenAddress(WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
}

/// <summary>SERVING only while a silo answers a grain call.</summary>
internal sealed class ClusterHealthCheck(IClusterClient cluster) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await cluster.GetGrain<IHealthProbeGrain>(0).PingAsync(timeout.Token).WaitAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("The Orleans cluster does not answer.", e);
        }
    }
}
