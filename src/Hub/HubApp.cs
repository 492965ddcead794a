using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Viidakko.Gateway.Auth;
using Viidakko.Gateway.Hosting;
using Viidakko.Hosting;
using Viidakko.Silo.Hosting;

namespace Viidakko.Hub;

/// <summary>
/// Composes the silo and the gRPC gateway in one process: the embedded hub (SQLite, one silo on
/// loopback) or a node of a cluster (PostgreSQL and Redis) that serves the API itself.
/// </summary>
public static class HubApp
{
    /// <summary>
    /// Builds the hub from configuration (<paramref name="args"/>, appsettings.json, then the
    /// <c>VIIDAKKO_*</c> variables). <paramref name="configureServices"/> runs last, so a test can
    /// replace a service (the clock).
    /// </summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json beside the binary, wherever the hub is started from.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddViidakkoDefaults();
        var hub = builder.AddViidakkoOptions(new HubOptionsValidator());
        var gateway = builder.AddViidakkoOptions(new ApiGatewayOptionsValidator(requireAdminKey: hub.IsCluster));
        var silo = builder.AddViidakkoOptions(new SiloOptionsValidator(hub.IsCluster));
        string? dataDir = null;
        if (hub.IsCluster)
        {
            var cluster = builder.AddViidakkoOptions(new ClusterConnectionOptionsValidator());
            builder.AddViidakkoClusterSilo(cluster, silo);
        }
        else
        {
            dataDir = Path.GetFullPath(hub.DataDir);
            Directory.CreateDirectory(dataDir);
            builder.UseOrleans(s => s.UseViidakkoEmbedded(dataDir, silo.SiloPort, silo.EventRetentionDays));
        }

        builder.Services.AddViidakkoWebhooks(silo,
            [ListenEndpoint(gateway.Listen), .. string.IsNullOrEmpty(gateway.HttpListen) ? Array.Empty<IPEndPoint>() : [ListenEndpoint(gateway.HttpListen)]]);
        builder.AddViidakkoGateway(gateway, AdminKey.Load(gateway.AdminKey, dataDir));
        builder.Services.AddSingleton(new HubDescription(hub.IsCluster, dataDir));
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapViidakkoGateway();
        // The port really bound (0 asks for any) is the hub's own too: never a webhook target.
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var hubEndpoints = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Viidakko.Grains.WebhookOptions>>().Value.HubEndpoints;
            foreach (var address in new[] { GrpcAddress(app), HttpAddress(app) }.OfType<string>())
            {
                var bound = new Uri(address);
                hubEndpoints.Add(new IPEndPoint(IPAddress.Parse(bound.Host.Trim('[', ']')), bound.Port));
            }
        });
        if (hub.IsCluster)
        {
            app.MapViidakkoSiloHealth();
        }

        return app;
    }

    /// <summary>The gateway's listening endpoint, never a webhook target (a host name or port 0 stands for every local address, and every port).</summary>
    private static IPEndPoint ListenEndpoint(string listen)
    {
        var uri = new Uri(listen);
        var address = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip : IPAddress.Any;
        return new IPEndPoint(address, uri.Port);
    }

    /// <summary>The gRPC address the hub serves, once started (the real port when 0 was asked for).</summary>
    public static string GrpcAddress(WebApplication app) => app.Services.GetRequiredService<GatewayEndpoint>().Address;

    /// <summary>The HTTP/JSON address the hub serves, once started; null when it serves none.</summary>
    public static string? HttpAddress(WebApplication app) => app.Services.GetRequiredService<GatewayEndpoint>().HttpAddress;
}
