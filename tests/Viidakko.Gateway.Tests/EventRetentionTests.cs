using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Viidakko.Gateway.Tests.Support;
using Viidakko.Silo.Storage;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// Events older than the retention are dropped, and a consumer whose position points into what was
/// dropped is told so (OUT_OF_RANGE, CURSOR_EXPIRED, with the oldest position kept), never skipped past.
/// </summary>
public sealed class EventRetentionTests() : OwnHubTest("retention")
{
    // The first hub runs 91 days in the past (the default retention is 90); the second in the present.
    // (Starting a silo with a clock ahead of the system's would make Orleans declare it dead.)
    private readonly ManualClock _past = new(TimeSpan.FromDays(-91));

    [Fact]
    public async Task A_position_whose_successors_were_dropped_gets_an_explicit_error_naming_the_oldest_kept()
    {
        string networkId;
        string referrerKey, receiverKey, networkCursor;
        await using (var first = await HubHost.StartAsync(DataDir, AdminKey, _past))
        {
            networkId = await first.NewNetworkAsync("retention");
            var referrer = await first.RegisterAsync(networkId, "lahettaja");
            var receiver = await first.RegisterAsync(networkId, "vastaanottaja");
            await Scenario.PartnerAsync(referrer, receiver, TestData.Terms(10));
            await referrer.CreateClientAsync("asiakas", "Asiakas Oy", businessId: "5555555-5");
            (referrerKey, receiverKey) = (referrer.ApiKey, receiver.ApiKey);
            networkCursor = (await first.Admin.ListNetworkEventsAsync(new ListNetworkEventsRequest { Parent = $"networks/{networkId}" })).Events[0].Cursor;
        }

        // 91 days later, on a new hub: the hourly pruning runs.
        await using var hub = await HubHost.StartAsync(DataDir, AdminKey);
        var dropped = await hub.Services.GetRequiredKeyedService<EventRetentionService>("viidakko").PruneOnceAsync();
        Assert.True(dropped >= 4, $"dropped {dropped}");

        var receiverApi = hub.Firm(networkId, "vastaanottaja", receiverKey);
        var error = await Rpc.Fails(StatusCode.OutOfRange, Reasons.CursorExpired,
            () => receiverApi.Events.ListEventsAsync(new ListEventsRequest { Parent = receiverApi.Name, AfterPosition = 0 }));
        Assert.Equal("3", error.GetRpcStatus()!.GetDetail<ErrorInfo>().Metadata["oldest_position"]);

        using (var watch = receiverApi.Events.WatchEvents(new WatchEventsRequest { Parent = receiverApi.Name, AfterPosition = 1 }))
        {
            var ended = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext());
            Assert.Equal(StatusCode.OutOfRange, ended.StatusCode);
        }

        // From the head on, the feed goes on: nothing lost after it.
        var upToDate = await receiverApi.Events.ListEventsAsync(new ListEventsRequest { Parent = receiverApi.Name, AfterPosition = 2 });
        Assert.Empty(upToDate.Events);
        Assert.Equal(2, upToDate.HeadPosition);
        await Scenario.ReferAsync(hub.Firm(networkId, "lahettaja", referrerKey), receiverApi, "asiakas");
        var next = await receiverApi.Events.ListEventsAsync(new ListEventsRequest { Parent = receiverApi.Name, AfterPosition = 2 });
        Assert.Equal(EventType.ReferralReceived, Assert.Single(next.Events).Type);
        Assert.Equal(3, next.Events[0].Position);

        // The operator's network feed: a cursor from before the retention is refused too, naming
        // the oldest event kept; an empty cursor starts from that one.
        var network = $"networks/{networkId}";
        var expired = await Rpc.Fails(StatusCode.OutOfRange, Reasons.CursorExpired,
            () => hub.Admin.ListNetworkEventsAsync(new ListNetworkEventsRequest { Parent = network, AfterCursor = networkCursor }));
        var oldest = DateTime.Parse(expired.GetRpcStatus()!.GetDetail<ErrorInfo>().Metadata["oldest_time"], System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.InRange(oldest, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));
        using (var watch = hub.Admin.WatchNetworkEvents(new WatchNetworkEventsRequest { Parent = network, AfterCursor = networkCursor }))
        {
            Assert.Equal(StatusCode.OutOfRange, (await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext())).StatusCode);
        }

        var kept = await hub.Admin.ListNetworkEventsAsync(new ListNetworkEventsRequest { Parent = network });
        Assert.Equal([EventType.ReferralSent, EventType.ReferralReceived], kept.Events.Select(e => e.Event.Type).Order());
        Assert.True(kept.UpToDate);
    }
}
