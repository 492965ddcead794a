using Grpc.Core;
using Viidakko.Api.V1;
using Viidakko.Gateway.Infrastructure;

namespace Viidakko.Gateway.Services;

/// <summary>A firm's own profile and its network's directory.</summary>
internal sealed class FirmGrpcService(IClusterClient cluster, Invitations invitations) : FirmService.FirmServiceBase
{
    public override async Task<Firm> GetFirm(GetFirmRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var ids = Names.Parse(v, "name", request.Name, "networks", "firms");
        v.ThrowIfAny();
        if (!caller.IsAdmin)
        {
            Access.OwnNetwork(caller, ids![0]);
        }

        // The operator (IsAdmin, FirmId empty) sees the public profile.
        var view = await cluster.GetGrain<IFirmGrain>(ResourceIds.FirmKey(ids![0], ids[1])).GetAsync(caller.FirmId, context.CancellationToken);
        return Mapping.ToProto(view);
    }

    public override async Task<Firm> UpdateFirm(UpdateFirmRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var ids = Names.Parse(v, "firm.name", request.Firm?.Name, "networks", "firms");
        var paths = UpdateMasks.Paths(v, request.UpdateMask, FirmProfileFields.All);
        var profile = Mapping.ToProfile(v, request.Firm, "firm", paths);
        var tag = RequestTags.Read(v, request, context);
        v.ThrowIfAny();
        Access.Self(caller, ids![0], ids[1], "firm");

        var view = await cluster.GetGrain<IFirmGrain>(ResourceIds.FirmKey(ids[0], ids[1]))
            .UpdateProfileAsync(profile, paths.ToList(), tag, context.CancellationToken);
        return Mapping.ToProto(view);
    }

    public override async Task<Invitation> InvitePerson(InvitePersonRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var ids = Names.Parse(v, "parent", request.Parent, "networks", "firms");
        Invitations.Validate(v, request.Email, request.DisplayName);
        v.ThrowIfAny();
        Access.Self(caller, ids![0], ids[1], "firm");
        if (caller.Person is { Role: not AccountRole.FirmAdmin })
        {
            throw DomainException.Denied(Reasons.WrongRole, "Only your firm's API key, or a person of your firm with admin rights, may invite people.");
        }

        return await invitations.CreateAsync(request.Admin ? AccountRole.FirmAdmin : AccountRole.FirmPerson, ids[0], ids[1],
            request.Email, request.DisplayName, context.CancellationToken);
    }

    private async Task EnsureNetworkAsync(string networkId, CancellationToken cancellationToken)
    {
        if (!await cluster.GetGrain<INetworkGrain>(networkId).ExistsAsync(cancellationToken))
        {
            throw new DomainException(DomainErrorKind.NotFound, Reasons.NetworkMissing, $"Network '{networkId}' was not found.");
        }
    }

    public override async Task<ListFirmsResponse> ListFirms(ListFirmsRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var v = new Violations();
        var ids = Names.Parse(v, "parent", request.Parent, "networks");
        var pageSize = v.PageSize(request.PageSize);
        if (request.Skill.Length > 0) v.Id("skill", request.Skill);
        var query = $"{request.Parent}|{request.Skill}";
        var after = PageTokens.Read(v, request.PageToken, query);
        v.ThrowIfAny();
        if (!caller.IsAdmin)
        {
            Access.OwnNetwork(caller, ids![0]);
        }

        await EnsureNetworkAsync(ids![0], context.CancellationToken);
        var page = await cluster.GetGrain<IDirectoryGrain>(ids[0])
            .ListFirmsAsync(request.Skill.Length > 0 ? request.Skill : null, pageSize, after, context.CancellationToken);
        var response = new ListFirmsResponse { NextPageToken = PageTokens.Make(page.NextAfterFirmId, query), TotalSize = page.TotalSize };
        response.Firms.AddRange(page.Firms.Select(Mapping.ToProto));
        return response;
    }
}
