using Grpc.Core;
using Viidakko.Api.V1;
using Viidakko.Gateway.Infrastructure;

namespace Viidakko.Gateway.Services;

/// <summary>Clients in the caller's custody.</summary>
internal sealed class ClientGrpcService(IClusterClient cluster, TimeProvider clock) : ClientService.ClientServiceBase
{
    /// <summary>Clocks drift; a log entry a few minutes "in the future" is still accepted.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public override async Task<Client> CreateClient(CreateClientRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var self = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        v.Id("client_id", request.ClientId);
        var input = Mapping.ToClientInput(v, request.Client, "client");
        var tag = RequestTags.Read(v, request, context);
        v.ThrowIfAny();
        Access.Self(caller, self![0], self[1], "firm");

        var view = await Firm(caller).CreateClientAsync(request.ClientId, input, tag, context.CancellationToken);
        return Mapping.ToProto(view);
    }

    public override async Task<Client> GetClient(GetClientRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var grain = OwnClient(Caller.Of(context), v, "name", request.Name);
        return Mapping.ToProto(await grain.GetAsync(context.CancellationToken));
    }

    public override async Task<Client> UpdateClient(UpdateClientRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var paths = UpdateMasks.Paths(v, request.UpdateMask, ClientFields.All);
        var input = Mapping.ToClientInput(v, request.Client, "client", paths);
        var tag = RequestTags.Read(v, request, context);
        var clientId = OwnClientId(caller, v, "client.name", request.Client?.Name);
        return Mapping.ToProto(await Firm(caller).UpdateClientAsync(clientId, input, paths.ToList(), tag, context.CancellationToken));
    }

    public override async Task<ListClientsResponse> ListClients(ListClientsRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var self = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        var pageSize = v.PageSize(request.PageSize, max: 200);
        var after = PageTokens.Read(v, request.PageToken, request.Parent);
        v.ThrowIfAny();
        Access.Self(caller, self![0], self[1], "firm");

        var page = await Firm(caller).ListClientsAsync(pageSize, after, context.CancellationToken);
        var response = new ListClientsResponse { NextPageToken = PageTokens.Make(page.NextAfterClientId, request.Parent) };
        response.Clients.AddRange(page.Clients.Select(Mapping.ToProto));
        return response;
    }

    public override async Task<Viidakko.Api.V1.HassleEntry> LogHassle(LogHassleRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        v.Enum("kind", request.Kind, required: true);
        v.Range("minutes", request.Minutes, 1, 1440);
        v.Text("note", request.Note, 1000, multiline: true);
        var occur = OccurTime(v, request.OccurTime);
        var tag = RequestTags.Read(v, request, context);
        var clientId = OwnClientId(caller, v, "parent", request.Parent);

        var entry = await Firm(caller).LogHassleAsync(
            clientId, EnumMapping.Map<Viidakko.Api.V1.HassleKind, Viidakko.HassleKind>(request.Kind), request.Minutes, request.Note, occur, tag,
            context.CancellationToken);
        return Mapping.ToProto(entry);
    }

    public override async Task<ListHassleEntriesResponse> ListHassleEntries(ListHassleEntriesRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var pageSize = v.PageSize(request.PageSize);
        // Both logs of a client page by offset: the query names the log, so one log's token is no token for the other.
        var query = $"{request.Parent}|hassle";
        var offset = PageTokens.ReadOffset(v, request.PageToken, query);
        var grain = OwnClient(Caller.Of(context), v, "parent", request.Parent);

        var page = await grain.ListHassleAsync(pageSize, offset, context.CancellationToken);
        var response = new ListHassleEntriesResponse { NextPageToken = PageTokens.MakeOffset(page.NextOffset, query) };
        response.Entries.AddRange(page.Entries.Select(Mapping.ToProto));
        return response;
    }

    public override async Task<Viidakko.Api.V1.RevenueEntry> LogRevenue(LogRevenueRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        v.Money("amount_cents", request.AmountCents, required: true);
        v.Text("note", request.Note, 1000, multiline: true);
        var occur = OccurTime(v, request.OccurTime);
        var tag = RequestTags.Read(v, request, context);
        var clientId = OwnClientId(caller, v, "parent", request.Parent);

        var entry = await Firm(caller).LogRevenueAsync(clientId, request.AmountCents, request.Note, occur, tag, context.CancellationToken);
        return Mapping.ToProto(entry);
    }

    public override async Task<ListRevenueEntriesResponse> ListRevenueEntries(ListRevenueEntriesRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var pageSize = v.PageSize(request.PageSize);
        var query = $"{request.Parent}|revenue";
        var offset = PageTokens.ReadOffset(v, request.PageToken, query);
        var grain = OwnClient(Caller.Of(context), v, "parent", request.Parent);

        var page = await grain.ListRevenueAsync(pageSize, offset, context.CancellationToken);
        var response = new ListRevenueEntriesResponse { NextPageToken = PageTokens.MakeOffset(page.NextOffset, query) };
        response.Entries.AddRange(page.Entries.Select(Mapping.ToProto));
        return response;
    }

    /// <summary>Parses a client name, throws on any recorded violation, and checks the caller is the custodian.</summary>
    private IClientGrain OwnClient(Caller caller, Violations v, string field, string? name) =>
        cluster.GetGrain<IClientGrain>(ResourceIds.ClientKey(caller.NetworkId, caller.FirmId, OwnClientId(caller, v, field, name)));

    /// <summary>The id of one of the caller's own clients, from its resource name.</summary>
    private static string OwnClientId(Caller caller, Violations v, string field, string? name)
    {
        var ids = Names.Parse(v, field, name, "networks", "firms", "clients");
        v.ThrowIfAny();
        Access.Self(caller, ids![0], ids[1], "client");
        return ids[2];
    }

    private IFirmGrain Firm(Caller caller) => cluster.GetGrain<IFirmGrain>(ResourceIds.FirmKey(caller.NetworkId, caller.FirmId));

    private DateTime OccurTime(Violations v, Google.Protobuf.WellKnownTypes.Timestamp? value)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var time = v.Time("occur_time", value) ?? now;
        if (time > now + ClockSkew)
        {
            v.Add("occur_time", "must not be in the future");
        }

        return time;
    }
}
