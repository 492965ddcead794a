using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Viidakko.Api.V1;
using Viidakko.Bench.Service.Infrastructure;

namespace Viidakko.Bench.Service.Services;

/// <summary>The trivial round trip: the same validation and answer as the hub's Ping.</summary>
internal sealed class HubGrpcService : HubService.HubServiceBase
{
    public override Task<PingResponse> Ping(PingRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.Text("payload", request.Payload, 1000);
        v.ThrowIfAny();
        return Task.FromResult(new PingResponse { Payload = request.Payload, ServerTime = Timestamp.FromDateTime(DateTime.UtcNow) });
    }
}
