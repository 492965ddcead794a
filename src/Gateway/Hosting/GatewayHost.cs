using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Viidakko.Gateway.Auth;
using Viidakko.Gateway.Errors;
using Viidakko.Gateway.HealthChecks;
using Viidakko.Gateway.OpenApi;
using Viidakko.Gateway.Limits;
using Viidakko.Gateway.Services;
using Viidakko.Gateway.Web;
using Viidakko.Hosting;

namespace Viidakko.Gateway.Hosting;

/// <summary>
/// The gRPC edge as a part of a host: the gateway process adds it beside an Orleans client, the hub
/// beside a silo in the same process. It needs an <see cref="IClusterClient"/> and nothing else of
/// Orleans: no grain, storage or database code.
/// </summary>
public static class GatewayHost
{
    /// <summary>Largest request a caller may send.</summary>
    public const int MaxRequestBytes = 1024 * 1024;

    /// <summary>Kestrel's h2c endpoint, the gRPC services, their interceptors, health and reflection.</summary>
    public static WebApplicationBuilder AddViidakkoGateway(this WebApplicationBuilder builder, ApiGatewayOptions options, AdminKey adminKey)
    {
        var endpoint = new GatewayEndpoint();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // HTTP/JSON bodies (gRPC enforces its own MaxRequestBytes per message): JSON spells a
            // message out at length, so it gets twice the room, and nothing more.
            kestrel.Limits.MaxRequestBodySize = 2 * MaxRequestBytes;
            var (address, port) = ListenAddress.Parse(options.Listen);
            // gRPC without TLS needs HTTP/2 only (h2c); Http1AndHttp2 would fall back to HTTP/1.1.
            kestrel.Listen(address, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                endpoint.Listen = listen;
            });
            if (!string.IsNullOrEmpty(options.HttpListen))
            {
                // HTTP/JSON for browsers and systems without gRPC: HTTP/1.1 (without TLS there is
                // no negotiating HTTP/2, and Kestrel would warn at every start that it cannot).
                var (httpAddress, httpPort) = ListenAddress.Parse(options.HttpListen);
                kestrel.Listen(httpAddress, httpPort, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    endpoint.HttpListen = listen;
                });
            }
        });

        var services = builder.Services;
        services.AddSingleton(endpoint);
        services.AddSingleton(adminKey);
        services.AddSingleton<FirmKeyCache>();
        services.AddSingleton<FirmKeyVerifier>();
        services.AddSingleton<NetworkEventStreams>();
        services.AddSingleton<SessionVerifier>();
        services.AddSingleton<TenantLimits>();
        services.AddSingleton<SignInAttempts>();
        services.AddSingleton<Invitations>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<ErrorInterceptor>();
            grpc.Interceptors.Add<AuthInterceptor>();
            grpc.Interceptors.Add<RateLimitInterceptor>();
            grpc.MaxReceiveMessageSize = MaxRequestBytes;
        }).AddJsonTranscoding(json =>
        {
            // An error's details (google.rpc.Status) are Any messages: JSON needs to know their types.
            json.TypeRegistry = Google.Protobuf.Reflection.TypeRegistry.FromMessages(
                Google.Rpc.ErrorInfo.Descriptor, Google.Rpc.BadRequest.Descriptor, Google.Rpc.PreconditionFailure.Descriptor,
                Google.Rpc.QuotaFailure.Descriptor, Google.Rpc.RetryInfo.Descriptor, Google.Rpc.ResourceInfo.Descriptor,
                Google.Rpc.DebugInfo.Descriptor, Google.Rpc.Help.Descriptor, Google.Rpc.LocalizedMessage.Descriptor, Google.Rpc.RequestInfo.Descriptor);
        });
        // Grpc.AspNetCore's own binder answers a malformed request UNKNOWN and logs it as an error;
        // ours binds the same methods with marshallers that answer INVALID_ARGUMENT.
        foreach (var binder in services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>)
            && d.ImplementationType?.Name.StartsWith("BinderServiceMethodProvider", StringComparison.Ordinal) == true).ToList())
        {
            services.Remove(binder);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(StrictServiceMethodProvider<>)));
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        return builder;
    }

    /// <summary>Maps every service of the public API, health and reflection.</summary>
    public static WebApplication MapViidakkoGateway(this WebApplication app)
    {
        app.MapGrpcService<AdminGrpcService>();
        app.MapGrpcService<FirmGrpcService>();
        app.MapGrpcService<PartnershipGrpcService>();
        app.MapGrpcService<ClientGrpcService>();
        app.MapGrpcService<ReferralGrpcService>();
        app.MapGrpcService<MatchGrpcService>();
        app.MapGrpcService<FeedbackGrpcService>();
        app.MapGrpcService<OverlapGrpcService>();
        app.MapGrpcService<EventGrpcService>();
        app.MapGrpcService<WebhookGrpcService>();
        app.MapGrpcService<HubGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapGet(OpenApiDocument.Path, () => Results.Text(OpenApiDocument.Json.Value, "application/json"));
        app.MapAuthEndpoints();
        app.MapWebApp();
        return app;
    }
}
