using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>A hub that shuts down ends its open watches with UNAVAILABLE (resume elsewhere), promptly.</summary>
public sealed class EventWatchShutdownTests() : OwnHubTest("watch-stop")
{
    [Fact]
    public async Task A_watch_open_while_the_hub_stops_ends_with_unavailable_and_the_position_to_resume_after()
    {
        var hub = await HubHost.StartAsync(DataDir, AdminKey);
        var networkId = await hub.NewNetworkAsync("watch-stop");
        var firm = await hub.RegisterAsync(networkId, "katsoja");
        // A channel of its own: the host's is closed when it stops, which would end the watch on this side first.
        using var channel = GrpcChannel.ForAddress(hub.Address);
        var events = new EventService.EventServiceClient(channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {firm.ApiKey}");
            return metadata;
        }));
        using var watch = events.WatchEvents(new WatchEventsRequest { Parent = firm.Name });
        Assert.True(await watch.ResponseStream.MoveNext());
        Assert.Equal(0, watch.ResponseStream.Current.Heartbeat.HeadPosition);

        var reading = Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await watch.ResponseStream.MoveNext())
            {
            }
        });
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await hub.StopAsync();
        var ended = await reading;

        Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
        Assert.Contains("after position 0", ended.Status.Detail, StringComparison.Ordinal);
        Assert.InRange(stopping.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }
}
