using Grpc.Core;
using Microsoft.Extensions.Options;
using Viidakko.Api.V1;
using Viidakko.Gateway.Hosting;
using Viidakko.Gateway.Infrastructure;

namespace Viidakko.Gateway.Services;

/// <summary>
/// A firm's event feed: pages for systems that poll, and a watch that sends what is stored after the
/// caller's position and then each change as it commits (a long poll on the firm grain per round,
/// so a watch holds no state here but its position, and survives a silo moving the grain).
/// </summary>
internal sealed partial class EventGrpcService(
    IClusterClient cluster, FirmKeyVerifier firmKeys, SessionVerifier sessions, IOptions<ApiGatewayOptions> options, IHostApplicationLifetime lifetime,
    TimeProvider clock, ILogger<EventGrpcService> logger) : EventService.EventServiceBase
{
    private const int WatchPage = 100;
    private const int MaxPage = 1000;

    public override async Task<ListEventsResponse> ListEvents(ListEventsRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var self = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        var pageSize = v.PageSize(request.PageSize, defaultSize: 100, max: MaxPage);
        CheckPosition(v, request.AfterPosition);
        v.ThrowIfAny();
        Access.Self(caller, self![0], self[1], "firm");

        var page = await Firm(caller).ListEventsAsync(request.AfterPosition, pageSize, context.CancellationToken);
        var response = new ListEventsResponse { HeadPosition = page.HeadPosition };
        response.Events.AddRange(page.Events.Select(e => EventMapping.ToProto(caller.NetworkId, caller.FirmId, e)));
        return response;
    }

    public override async Task WatchEvents(WatchEventsRequest request, IServerStreamWriter<WatchEventsResponse> responseStream, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var self = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        CheckPosition(v, request.AfterPosition);
        v.ThrowIfAny();
        Access.Self(caller, self![0], self[1], "firm");

        var heartbeat = options.Value.EventHeartbeat;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var firm = Firm(caller);
        var after = request.AfterPosition;
        // Reading what is stored (no waiting) until the caller is at the head; then long polls.
        var catchingUp = true;
        var outage = new OutageWindow(clock);
        var lastHeartbeat = DateTime.MinValue;
        var lastKeyCheck = clock.GetUtcNow().UtcDateTime;
        while (!stop.IsCancellationRequested)
        {
            FirmEventPage page;
            var asked = clock.GetUtcNow().UtcDateTime;
            try
            {
                page = catchingUp
                    ? await firm.ListEventsAsync(after, WatchPage, stop.Token)
                    : await firm.WaitForEventsAsync(after, WatchPage, heartbeat, stop.Token);
                outage.Answered();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (ErrorInterceptor.IsUnavailable(e) || e is TimeoutException
                // A position this watch already delivered, unknown to the activation that answered: a
                // second activation during a silo hand-over, behind the first. Wait for the newer one.
                || (e is DomainException { Kind: DomainErrorKind.InvalidArgument } && after != request.AfterPosition))
            {
                // The grain is moving (its silo stopped or died): the position is all this watch holds, so go on once it answers.
                if (!outage.Failed())
                {
                    throw;
                }

                LogRetrying(logger, e, caller.FirmId);
                await Task.Delay(TimeSpan.FromMilliseconds(500), clock, stop.Token).ConfigureAwait(false);
                continue;
            }

            foreach (var e in page.Events)
            {
                await responseStream.WriteAsync(new WatchEventsResponse { Event = EventMapping.ToProto(caller.NetworkId, caller.FirmId, e) }, stop.Token);
                after = e.Position;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            // A long-lived call must still be one its key allows: checked every heartbeat interval,
            // however busy the feed (and at once after the feed said the key changed).
            if (now - lastKeyCheck >= heartbeat || page.Events.Any(e => e.Type is FirmEventType.ApiKeyRotated or FirmEventType.FirmSuspended))
            {
                lastKeyCheck = now;
                await EnsureStillAdmittedAsync(caller, context);
            }

            // A heartbeat once the backlog is sent (the caller is up to date), and when nothing happened for an interval.
            if ((page.Events.Count == 0 && now - lastHeartbeat >= heartbeat / 2) || (catchingUp && page.Events.Count > 0 && after >= page.HeadPosition))
            {
                lastHeartbeat = now;
                await responseStream.WriteAsync(new WatchEventsResponse
                {
                    Heartbeat = new Heartbeat { HeadPosition = page.HeadPosition, Time = Mapping.Ts(now) },
                }, stop.Token);
            }

            if (page.Events.Count == 0 && !catchingUp && now - asked < heartbeat / 2)
            {
                // The long poll came back early with nothing (its silo is stopping): do not spin.
                await Task.Delay(TimeSpan.FromMilliseconds(500), clock, stop.Token).ConfigureAwait(false);
            }

            catchingUp = after < page.HeadPosition;
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw RpcErrors.Build(Google.Rpc.Code.Unavailable,
                $"This gateway is shutting down; watch again (on any gateway) after position {after}.", Reasons.Unavailable, []);
        }
    }

    /// <summary>A watch lasts only while what let it in still does: the key (not rotated, firm not suspended), or the person's session (not signed out).</summary>
    private Task EnsureStillAdmittedAsync(Caller caller, ServerCallContext context) =>
        caller.Person is not null
            ? sessions.StillAdmittedAsync(context)
            : firmKeys.AdmitAsync(caller.NetworkId, caller.FirmId, AuthInterceptor.BearerKey(context) ?? "", context.CancellationToken);

    private static void CheckPosition(Violations v, long position)
    {
        if (position < 0)
        {
            v.Add("after_position", "must not be negative");
        }
    }

    private IFirmGrain Firm(Caller caller) => cluster.GetGrain<IFirmGrain>(ResourceIds.FirmKey(caller.NetworkId, caller.FirmId));

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of firm {FirmId}: the cluster did not answer; retrying")]
    private static partial void LogRetrying(ILogger logger, Exception exception, string firmId);
}
