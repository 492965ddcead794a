using Grpc.Health.V1;
using Grpc.Net.Client;
using Viidakko.Hosting;

namespace Viidakko.Gateway.HealthChecks;

/// <summary>The <c>health</c> command: asks this host's gateway for its gRPC health (for container health checks).</summary>
public static class GatewayHealthProbe
{
    /// <summary>0 when the gateway listening on <paramref name="listen"/> reports SERVING, else 1.</summary>
    public static async Task<int> RunAsync(string listen)
    {
        try
        {
            using var channel = GrpcChannel.ForAddress(ListenAddress.Local(listen));
            var reply = await new Grpc.Health.V1.Health.HealthClient(channel)
                .CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
            return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving ? 0 : 1;
        }
        catch (Grpc.Core.RpcException)
        {
            return 1;
        }
    }
}
