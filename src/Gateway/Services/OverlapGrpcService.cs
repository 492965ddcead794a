using Grpc.Core;
using Viidakko.Api.V1;
using Viidakko.Gateway.Infrastructure;

namespace Viidakko.Gateway.Services;

/// <summary>Client overlap with partners, as far as each firm allows.</summary>
internal sealed class OverlapGrpcService(IClusterClient cluster) : OverlapService.OverlapServiceBase
{
    public override async Task<Viidakko.Api.V1.OverlapSettings> GetOverlapSettings(GetOverlapSettingsRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var self = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        v.ThrowIfAny();
        Access.Self(caller, self![0], self[1], "firm");
        return ToProto(caller, await Overlap(caller).GetSettingsAsync(context.CancellationToken));
    }

    public override async Task<Viidakko.Api.V1.OverlapSettings> UpdateOverlapSharing(UpdateOverlapSharingRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var self = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        var partner = Names.Parse(v, "partner", request.Partner, "networks", "firms");
        v.Enum("sharing", request.Sharing, required: false);
        var tag = RequestTags.Read(v, request, context);
        v.ThrowIfAny();
        Access.Self(caller, self![0], self[1], "firm");
        Access.OwnNetwork(caller, partner![0], "partner");

        var settings = await cluster.GetGrain<IFirmGrain>(ResourceIds.FirmKey(caller.NetworkId, caller.FirmId)).UpdateOverlapSharingAsync(
            partner[1], EnumMapping.Map<Viidakko.Api.V1.OverlapSharing, Viidakko.OverlapSharing>(request.Sharing), tag, context.CancellationToken);
        return ToProto(caller, settings);
    }

    public override async Task<Overlap> GetOverlap(GetOverlapRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var ids = Names.Parse(v, "name", request.Name, "networks", "firms", "partnerships");
        v.ThrowIfAny();
        Access.Self(caller, ids![0], ids[1], "partnership");

        var result = await Overlap(caller).GetOverlapAsync(ids[2], context.CancellationToken);
        var proto = new Overlap
        {
            Name = request.Name,
            Sharing = EnumMapping.Map<Viidakko.OverlapSharing, Viidakko.Api.V1.OverlapSharing>(result.Sharing),
            FewerThanThree = result.FewerThanThree,
        };
        if (result.CommonClients is { } count)
        {
            proto.CommonClients = count;
        }

        proto.Clients.AddRange(result.Clients.Select(c => new Viidakko.Api.V1.CommonClient
        {
            Client = Names.Client(caller.NetworkId, caller.FirmId, c.ClientId),
            DisplayName = c.DisplayName,
            PartnerDisplayName = c.PartnerDisplayName,
        }));
        return proto;
    }

    public override async Task<FindPartnersWhoKnowResponse> FindPartnersWhoKnow(FindPartnersWhoKnowRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var ids = Names.Parse(v, "client", request.Client, "networks", "firms", "clients");
        v.ThrowIfAny();
        Access.Self(caller, ids![0], ids[1], "client");

        var found = await Overlap(caller).FindPartnersWhoKnowAsync(ids[2], context.CancellationToken);
        var response = new FindPartnersWhoKnowResponse { PartnersAsked = found.Asked };
        response.Partners.AddRange(found.Partners.Select(p => Names.Firm(caller.NetworkId, p)));
        return response;
    }

    public override async Task<ListOverlapQueriesResponse> ListOverlapQueries(ListOverlapQueriesRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var self = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        var pageSize = v.PageSize(request.PageSize);
        var query = request.Parent + "|overlap-queries";
        var offset = PageTokens.ReadOffset(v, request.PageToken, query);
        v.ThrowIfAny();
        Access.Self(caller, self![0], self[1], "firm");

        var page = await Overlap(caller).ListQueriesAsync(pageSize, offset, context.CancellationToken);
        var response = new ListOverlapQueriesResponse { NextPageToken = PageTokens.MakeOffset(page.NextOffset, query) };
        response.Queries.AddRange(page.Queries.Select(q => new OverlapQuery
        {
            Asker = Names.Firm(caller.NetworkId, q.AskerFirmId),
            Time = Mapping.Ts(q.Time),
            Kind = EnumMapping.Map<Viidakko.OverlapQueryKind, Viidakko.Api.V1.OverlapQueryKind>(q.Kind),
            Sharing = EnumMapping.Map<Viidakko.OverlapSharing, Viidakko.Api.V1.OverlapSharing>(q.Sharing),
        }));
        return response;
    }

    private static Viidakko.Api.V1.OverlapSettings ToProto(Caller caller, Viidakko.OverlapSettings settings)
    {
        var proto = new Viidakko.Api.V1.OverlapSettings
        {
            Firm = Names.Firm(caller.NetworkId, caller.FirmId),
            NetworkDefault = EnumMapping.Map<Viidakko.OverlapSharing, Viidakko.Api.V1.OverlapSharing>(settings.NetworkDefault),
        };
        proto.Partners.AddRange(settings.Partners.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new PartnerSharing
        {
            Partner = Names.Firm(caller.NetworkId, p.Key),
            Sharing = EnumMapping.Map<Viidakko.OverlapSharing, Viidakko.Api.V1.OverlapSharing>(p.Value),
        }));
        return proto;
    }

    private IOverlapGrain Overlap(Caller caller) => cluster.GetGrain<IOverlapGrain>(ResourceIds.FirmKey(caller.NetworkId, caller.FirmId));
}
