using System.Net;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Viidakko.Gateway.Infrastructure;
using Viidakko.Gateway.Services;
using Viidakko.Silo;

namespace Viidakko.Gateway;

/// <summary>Builds the embedded hub: the gRPC gateway with an Orleans silo in the same process.</summary>
public static class HubApp
{
    /// <summary>Builds the hub. Tests pass <paramref name="settings"/>; otherwise configuration and environment decide.</summary>
    public static WebApplication Build(string[] args, HubSettings? settings = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        settings ??= HubSettings.From(builder.Configuration);
        Directory.CreateDirectory(settings.DataDir);

        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Every refused request (bad input, wrong key) is the caller's business, not an event to log.
        builder.Logging.AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Warning);
        // The watchdog reports a bogus multi-minute stall on the first check after start-up.
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var (address, port) = ParseListen(settings.Listen);
            // gRPC without TLS needs HTTP/2 only (h2c); Http1AndHttp2 would fall back to HTTP/1.1.
            kestrel.Listen(address, port, listen => listen.Protocols = HttpProtocols.Http2);
        });

        builder.UseOrleans(silo => silo.UseViidakkoEmbedded(settings.DataDir, settings.SiloPort));

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

    /// <summary>Reads <c>http://IP:PORT</c> (or <c>http://localhost:PORT</c>) with a clear error otherwise.</summary>
    internal static (IPAddress Address, int Port) ParseListen(string listen)
    {
        if (Uri.TryCreate(listen, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp)
        {
            if (uri.IsLoopback && uri.Host == "localhost")
            {
                return (IPAddress.Loopback, uri.Port);
            }

            if (IPAddress.TryParse(uri.Host, out var ip))
            {
                return (ip, uri.Port);
            }
        }

        throw new InvalidOperationException(
            $"VIIDAKKO_LISTEN / Viidakko:Listen must look like http://127.0.0.1:5000 or http://0.0.0.0:5000 (got '{listen}').");
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
