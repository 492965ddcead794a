using Grpc.Core;
using Viidakko.Api.V1;
using Viidakko.Gateway.Infrastructure;

namespace Viidakko.Gateway.Services;

/// <summary>Finding the right partner.</summary>
internal sealed class MatchGrpcService(IClusterClient cluster, TimeProvider clock) : MatchService.MatchServiceBase
{
    public override async Task<MatchPartnersResponse> MatchPartners(MatchPartnersRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var self = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        var query = MatchMapping.ToQuery(v, request, Mapping.Today(clock));
        string[]? client = request.Client.Length > 0 ? Names.Parse(v, "client", request.Client, "networks", "firms", "clients") : null;
        var pageSize = v.PageSize(request.PageSize, defaultSize: 20, max: 100);
        // The token is bound to the whole query, so it cannot be replayed against another need.
        var queryKey = request.Clone();
        queryKey.PageToken = "";
        queryKey.PageSize = 0;
        var offset = PageTokens.ReadOffset(v, request.PageToken, queryKey.ToString());

        v.ThrowIfAny();
        Access.Self(caller, self![0], self[1], "firm");
        if (client is not null)
        {
            Access.Self(caller, client[0], client[1], "client");
            query = query with { ClientId = client[2] };
        }

        var result = await cluster.GetGrain<IMatchmakerGrain>(caller.NetworkId)
            .MatchPartnersAsync(caller.FirmId, query, offset, pageSize, context.CancellationToken);
        var response = new MatchPartnersResponse
        {
            TotalSize = result.TotalSize,
            NextPageToken = PageTokens.MakeOffset(result.NextOffset, queryKey.ToString()),
        };
        response.Candidates.AddRange(result.Candidates.Select((c, i) => MatchMapping.ToProto(caller.NetworkId, c, offset + i + 1)));
        response.Exclusions.AddRange(result.Exclusions.Select(e => MatchMapping.ToProto(caller.NetworkId, e)));
        return response;
    }

    public override async Task<SuggestMeetingsResponse> SuggestMeetings(SuggestMeetingsRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var self = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        var limit = v.PageSize(request.PageSize, defaultSize: 10, max: 50);
        v.ThrowIfAny();
        Access.Self(caller, self![0], self[1], "firm");

        var suggestions = await cluster.GetGrain<IMatchmakerGrain>(caller.NetworkId)
            .SuggestMeetingsAsync(caller.FirmId, limit, context.CancellationToken);
        var response = new SuggestMeetingsResponse();
        response.Suggestions.AddRange(suggestions.Select(s => MatchMapping.ToProto(caller.NetworkId, s)));
        return response;
    }
}
