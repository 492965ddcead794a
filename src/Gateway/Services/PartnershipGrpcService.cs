using Grpc.Core;
using Viidakko.Api.V1;
using Viidakko.Gateway.Infrastructure;

namespace Viidakko.Gateway.Services;

/// <summary>The handshake between two firms.</summary>
internal sealed class PartnershipGrpcService(IClusterClient cluster) : PartnershipService.PartnershipServiceBase
{
    public override async Task<Partnership> ProposePartnership(ProposePartnershipRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var self = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        var partner = Names.Parse(v, "partner", request.Partner, "networks", "firms");
        var terms = Mapping.ToTerms(v, request.Terms, "terms");
        v.Text("message", request.Message, 2000, multiline: true);
        var tag = RequestTags.Read(v, request, context);
        v.ThrowIfAny();
        Access.Self(caller, self![0], self[1], "firm");
        Access.OwnNetwork(caller, partner![0], "partner");

        var view = await Firm(caller).ProposePartnershipAsync(partner[1], terms, request.Message, tag, context.CancellationToken);
        return Mapping.ToProto(view);
    }

    public override Task<Partnership> AcceptPartnership(AcceptPartnershipRequest request, ServerCallContext context) =>
        Answer(request, request.Name, request.Note, context, (g, p, n, r, ct) => g.AcceptPartnershipAsync(p, n, r, ct));

    public override Task<Partnership> DeclinePartnership(DeclinePartnershipRequest request, ServerCallContext context) =>
        Answer(request, request.Name, request.Note, context, (g, p, n, r, ct) => g.DeclinePartnershipAsync(p, n, r, ct));

    public override Task<Partnership> EndPartnership(EndPartnershipRequest request, ServerCallContext context) =>
        Answer(request, request.Name, request.Note, context, (g, p, n, r, ct) => g.EndPartnershipAsync(p, n, r, ct));

    public override async Task<Partnership> GetPartnership(GetPartnershipRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var partnerId = ParseOwnPartnership(caller, request.Name, new Violations());
        return Mapping.ToProto(await Firm(caller).GetPartnershipAsync(partnerId, context.CancellationToken));
    }

    public override async Task<ListPartnershipsResponse> ListPartnerships(ListPartnershipsRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var self = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        var pageSize = v.PageSize(request.PageSize);
        v.Enum("state", request.State, required: false);
        var query = $"{request.Parent}|{request.State}";
        var after = PageTokens.Read(v, request.PageToken, query);
        v.ThrowIfAny();
        Access.Self(caller, self![0], self[1], "firm");

        PartnershipStatus? status = request.State == PartnershipState.Unspecified ? null : EnumMapping.Map<PartnershipState, PartnershipStatus>(request.State);
        var page = await Firm(caller).ListPartnershipsAsync(status, pageSize, after, context.CancellationToken);
        var response = new ListPartnershipsResponse { NextPageToken = PageTokens.Make(page.NextAfterPartnerId, query) };
        response.Partnerships.AddRange(page.Partnerships.Select(Mapping.ToProto));
        return response;
    }

    public override async Task<Viidakko.Api.V1.Scoreboard> GetScoreboard(GetScoreboardRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var self = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        v.ThrowIfAny();
        Access.Self(caller, self![0], self[1], "firm");
        return MatchMapping.ToProto(caller.NetworkId, await Firm(caller).GetScoreboardAsync(context.CancellationToken));
    }

    private async Task<Partnership> Answer(
        Google.Protobuf.IMessage request, string name, string note, ServerCallContext context,
        Func<IFirmGrain, string, string, RequestTag?, CancellationToken, Task<PartnershipView>> action)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        v.Text("note", note, 2000, multiline: true);
        var tag = RequestTags.Read(v, request, context);
        var partnerId = ParseOwnPartnership(caller, name, v);
        return Mapping.ToProto(await action(Firm(caller), partnerId, note, tag, context.CancellationToken));
    }

    private static string ParseOwnPartnership(Caller caller, string name, Violations v)
    {
        var ids = Names.Parse(v, "name", name, "networks", "firms", "partnerships");
        v.ThrowIfAny();
        Access.Self(caller, ids![0], ids[1], "partnership");
        return ids[2];
    }

    private IFirmGrain Firm(Caller caller) => cluster.GetGrain<IFirmGrain>(ResourceIds.FirmKey(caller.NetworkId, caller.FirmId));
}
