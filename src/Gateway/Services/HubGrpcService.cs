using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Viidakko.Api.V1;
using Viidakko.Gateway.Infrastructure;

namespace Viidakko.Gateway.Services;

/// <summary>The trivial round trip every load-test figure is a ratio to.</summary>
internal sealed class HubGrpcService(TimeProvider clock) : HubService.HubServiceBase
{
    public override Task<PingResponse> Ping(PingRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.Text("payload", request.Payload, 1000, multiline: true);
        v.ThrowIfAny();
        return Task.FromResult(new PingResponse { Payload = request.Payload, ServerTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow()) });
    }
}
