using Grpc.Core;
using Microsoft.Extensions.Options;
using Viidakko.Api.V1;
using Viidakko.Gateway.Hosting;
using Viidakko.Gateway.Infrastructure;

namespace Viidakko.Gateway.Services;

/// <summary>
/// The operator's feed of a whole network (AdminService): pages, and a watch that sends what is
/// stored after the caller's cursor and then what commits later (a long poll per round on a
/// stateless grain, so a watch holds nothing here but its cursor and survives any silo going).
/// </summary>
internal sealed partial class NetworkEventStreams(
    IClusterClient cluster, IOptions<ApiGatewayOptions> options, IHostApplicationLifetime lifetime, TimeProvider clock,
    ILogger<NetworkEventStreams> logger)
{
    private const int WatchPage = 100;

    // Once up to date, a watch reads at most this often: a busy network's events then come in batches
    // (a query each) rather than a few at a time, each costing a query of its own.
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(500);

    public async Task<ListNetworkEventsResponse> ListAsync(ListNetworkEventsRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var ids = Names.Parse(v, "parent", request.Parent, "networks");
        var pageSize = v.PageSize(request.PageSize, defaultSize: 100, max: 1000);
        v.ThrowIfAny();
        await EnsureNetworkAsync(ids![0], context.CancellationToken);

        var page = await cluster.GetGrain<INetworkFeedGrain>(ids[0]).ListAsync(request.AfterCursor, pageSize, context.CancellationToken);
        var response = new ListNetworkEventsResponse { NextCursor = page.Cursor, UpToDate = page.UpToDate };
        response.Events.AddRange(page.Events.Select(e => ToProto(ids[0], e)));
        return response;
    }

    public async Task WatchAsync(WatchNetworkEventsRequest request, IServerStreamWriter<WatchNetworkEventsResponse> stream, ServerCallContext context)
    {
        var v = new Violations();
        var ids = Names.Parse(v, "parent", request.Parent, "networks");
        v.ThrowIfAny();
        var networkId = ids![0];
        await EnsureNetworkAsync(networkId, context.CancellationToken);

        var heartbeat = options.Value.EventHeartbeat;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var feed = cluster.GetGrain<INetworkFeedGrain>(networkId);
        var cursor = request.AfterCursor;
        // Reading what is stored (no waiting) until the caller is up to date; then long polls.
        var catchingUp = true;
        var outage = new OutageWindow(clock);
        var lastHeartbeat = DateTime.MinValue;
        while (!stop.IsCancellationRequested)
        {
            NetworkEventPage page;
            try
            {
                page = catchingUp
                    ? await feed.ListAsync(cursor, WatchPage, stop.Token)
                    : await feed.WaitAsync(cursor, WatchPage, heartbeat, stop.Token);
                outage.Answered();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (ErrorInterceptor.IsUnavailable(e) || e is TimeoutException)
            {
                if (!outage.Failed())
                {
                    throw;
                }

                LogRetrying(logger, e, networkId);
                await Task.Delay(TimeSpan.FromMilliseconds(500), clock, stop.Token).ConfigureAwait(false);
                continue;
            }

            foreach (var e in page.Events)
            {
                await stream.WriteAsync(new WatchNetworkEventsResponse { Event = ToProto(networkId, e) }, stop.Token);
                cursor = e.Cursor;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            // A heartbeat once the backlog is sent, and when nothing happened for an interval.
            if ((catchingUp && page.UpToDate) || (page.Events.Count == 0 && now - lastHeartbeat >= heartbeat / 2))
            {
                lastHeartbeat = now;
                await stream.WriteAsync(new WatchNetworkEventsResponse
                {
                    Heartbeat = new NetworkHeartbeat { Cursor = cursor, Time = Mapping.Ts(now) },
                }, stop.Token);
            }

            catchingUp = !page.UpToDate;
            if (!catchingUp && page.Events.Count > 0)
            {
                try
                {
                    await Task.Delay(Pace, clock, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
            }
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw RpcErrors.Build(Google.Rpc.Code.Unavailable,
                $"This gateway is shutting down; watch again (on any gateway) after cursor '{cursor}'.", Reasons.Unavailable, []);
        }
    }

    private static NetworkEvent ToProto(string networkId, NetworkEventEntry e) =>
        new() { Event = EventMapping.ToProto(networkId, e.FirmId, e.Event), Cursor = e.Cursor };

    // NOT_FOUND for a network that does not exist (its feed would only ever be empty).
    private Task EnsureNetworkAsync(string networkId, CancellationToken cancellationToken) =>
        cluster.GetGrain<INetworkGrain>(networkId).GetAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of network {NetworkId}: the cluster did not answer; retrying")]
    private static partial void LogRetrying(ILogger logger, Exception exception, string networkId);
}
