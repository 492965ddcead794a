using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Viidakko.Api.V1;
using Viidakko.Gateway.Infrastructure;

namespace Viidakko.Gateway.Services;

/// <summary>A firm's webhook endpoints and their deliveries (the delivering is the silo's background work).</summary>
internal sealed class WebhookGrpcService(IClusterClient cluster) : WebhookService.WebhookServiceBase
{
    private const int MaxUrl = 2048;

    public override async Task<CreateWebhookResponse> CreateWebhook(CreateWebhookRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var self = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        var w = request.Webhook ?? new Webhook();
        v.Text("webhook.url", w.Url, MaxUrl, required: true);
        v.Text("webhook.description", w.Description, 200);
        foreach (var type in w.EventTypes)
        {
            v.Enum("webhook.event_types", type, required: true);
        }

        var tag = RequestTags.Read(v, request, context);
        v.ThrowIfAny();
        Access.Self(caller, self![0], self[1], "firm");

        var types = w.EventTypes.Select(EnumMapping.Map<EventType, FirmEventType>).ToList();
        var created = await Grain(caller).CreateAsync(w.Url.Trim(), types, w.Description.Trim(), tag, context.CancellationToken);
        return new CreateWebhookResponse { Webhook = ToProto(caller, created.Endpoint), Secret = created.Secret };
    }

    public override async Task<ListWebhooksResponse> ListWebhooks(ListWebhooksRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var self = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        v.ThrowIfAny();
        Access.Self(caller, self![0], self[1], "firm");
        var response = new ListWebhooksResponse();
        response.Webhooks.AddRange((await Grain(caller).ListAsync(context.CancellationToken)).Select(e => ToProto(caller, e)));
        return response;
    }

    public override async Task<Webhook> GetWebhook(GetWebhookRequest request, ServerCallContext context)
    {
        var (caller, id) = Own(context, "name", request.Name);
        return ToProto(caller, await Grain(caller).GetAsync(id, context.CancellationToken));
    }

    public override async Task<Empty> DeleteWebhook(DeleteWebhookRequest request, ServerCallContext context)
    {
        var (caller, id) = Own(context, "name", request.Name);
        await Grain(caller).DeleteAsync(id, context.CancellationToken);
        return new Empty();
    }

    public override async Task<ListWebhookDeliveriesResponse> ListWebhookDeliveries(ListWebhookDeliveriesRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var ids = Names.Parse(v, "parent", request.Parent, "networks", "firms", "webhooks");
        v.Enum("state", request.State, required: false);
        var pageSize = v.PageSize(request.PageSize, defaultSize: 50, max: 100);
        var query = $"{request.Parent}|{request.State}";
        var after = PageTokens.Read(v, request.PageToken, query);
        if (after is not null && !long.TryParse(after, out _))
        {
            v.Add("page_token", "is not a token this list made");
        }

        v.ThrowIfAny();
        Access.Self(caller, ids![0], ids[1], "webhook");
        WebhookDeliveryState? state = request.State == Api.V1.WebhookDeliveryState.Unspecified
            ? null : EnumMapping.Map<Api.V1.WebhookDeliveryState, WebhookDeliveryState>(request.State);
        var page = await Grain(caller).ListDeliveriesAsync(ids[2], state, pageSize, after, context.CancellationToken);
        var response = new ListWebhookDeliveriesResponse { NextPageToken = PageTokens.Make(page.NextKey, query) };
        response.Deliveries.AddRange(page.Deliveries.Select(d => ToProto(caller, d)));
        return response;
    }

    public override async Task<Api.V1.WebhookDelivery> RedeliverWebhookDelivery(RedeliverWebhookDeliveryRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var ids = Names.Parse(v, "name", request.Name, "networks", "firms", "webhooks", "deliveries");
        v.ThrowIfAny();
        Access.Self(caller, ids![0], ids[1], "webhook");
        if (!ids[3].StartsWith(ids[2] + "-", StringComparison.Ordinal))
        {
            throw DomainException.NotFound("Webhook delivery");
        }

        return ToProto(caller, await Grain(caller).RedeliverAsync(ids[3], context.CancellationToken));
    }

    private static (Caller Caller, string Id) Own(ServerCallContext context, string field, string name)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var ids = Names.Parse(v, field, name, "networks", "firms", "webhooks");
        v.ThrowIfAny();
        Access.Self(caller, ids![0], ids[1], "webhook");
        return (caller, ids[2]);
    }

    private IWebhookGrain Grain(Caller caller) => cluster.GetGrain<IWebhookGrain>(ResourceIds.FirmKey(caller.NetworkId, caller.FirmId));

    private static string Name(Caller caller, string endpointId) => $"{Names.Firm(caller.NetworkId, caller.FirmId)}/webhooks/{endpointId}";

    private static Webhook ToProto(Caller caller, WebhookEndpoint e)
    {
        var proto = new Webhook
        {
            Name = Name(caller, e.EndpointId),
            Url = e.Url,
            Description = e.Description,
            CreateTime = Mapping.Ts(e.CreateTime),
            Position = e.Position,
            PendingDeliveries = e.Pending,
            RetryTime = e.RetryTime is { } r ? Mapping.Ts(r) : null,
        };
        proto.EventTypes.AddRange(e.EventTypes.Select(EnumMapping.Map<FirmEventType, EventType>));
        return proto;
    }

    private static Api.V1.WebhookDelivery ToProto(Caller caller, WebhookDelivery d)
    {
        var proto = new Api.V1.WebhookDelivery
        {
            Name = $"{Name(caller, d.EndpointId)}/deliveries/{d.DeliveryId}",
            Event = $"{Names.Firm(caller.NetworkId, caller.FirmId)}/events/{d.Position}",
            Position = d.Position,
            EventType = EnumMapping.Map<FirmEventType, EventType>(d.EventType),
            State = EnumMapping.Map<WebhookDeliveryState, Api.V1.WebhookDeliveryState>(d.State),
            Attempts = d.Attempts,
            LastError = d.LastError ?? "",
            CreateTime = Mapping.Ts(d.CreateTime),
            LastAttemptTime = d.LastAttemptTime is { } l ? Mapping.Ts(l) : null,
            NextAttemptTime = d.NextAttemptTime is { } n ? Mapping.Ts(n) : null,
        };
        if (d.LastStatusCode is { } code) proto.LastStatusCode = code;
        return proto;
    }
}
