using Grpc.Core;
using Viidakko.Api.V1;
using Viidakko.Gateway.Infrastructure;
using Viidakko.Gateway.Limits;

namespace Viidakko.Gateway.Services;

/// <summary>Operator calls: networks, firm registration, and a network's event feed.</summary>
internal sealed class AdminGrpcService(IClusterClient cluster, FirmKeyCache keyCache, NetworkEventStreams networkEvents, Invitations invitations, TenantLimits tenantLimits) : AdminService.AdminServiceBase
{
    public override Task<ListNetworkEventsResponse> ListNetworkEvents(ListNetworkEventsRequest request, ServerCallContext context) =>
        networkEvents.ListAsync(request, context);

    public override Task WatchNetworkEvents(WatchNetworkEventsRequest request, IServerStreamWriter<WatchNetworkEventsResponse> responseStream, ServerCallContext context) =>
        networkEvents.WatchAsync(request, responseStream, context);

    public override async Task<Network> CreateNetwork(CreateNetworkRequest request, ServerCallContext context)
    {
        var v = new Violations();
        v.Id("network_id", request.NetworkId);
        v.Text("network.display_name", request.Network?.DisplayName, 200, required: true);
        v.Text("network.region", request.Network?.Region, 100);
        v.Enum("network.overlap_default", request.Network?.OverlapDefault ?? default, required: false);
        var sla = SlaMapping.FromProto(v, request.Network?.SlaPolicy, "network.sla_policy");
        var tag = RequestTags.Read(v, request, context);
        v.ThrowIfAny();

        await BindAsync(tag, context);
        var view = await cluster.GetGrain<INetworkGrain>(request.NetworkId).CreateAsync(
            request.Network!.DisplayName.Trim(), request.Network.Region.Trim(), tag,
            EnumMapping.Map<Viidakko.Api.V1.OverlapSharing, Viidakko.OverlapSharing>(request.Network.OverlapDefault), sla, context.CancellationToken);
        return Mapping.ToProto(view);
    }

    public override async Task<Network> UpdateNetwork(UpdateNetworkRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var ids = Names.Parse(v, "network.name", request.Network?.Name, "networks");
        var paths = UpdateMasks.Paths(v, request.UpdateMask, NetworkFields);
        var n = request.Network ?? new Network();
        if (paths.Contains("display_name")) v.Text("network.display_name", n.DisplayName, 200, required: true);
        if (paths.Contains("region")) v.Text("network.region", n.Region, 100);
        if (paths.Contains("overlap_default")) v.Enum("network.overlap_default", n.OverlapDefault, required: false);
        // The policy is replaced whole: a mask naming it with none set restores the defaults.
        var sla = paths.Contains("sla_policy") ? SlaMapping.FromProto(v, n.SlaPolicy ?? new Viidakko.Api.V1.SlaPolicy(), "network.sla_policy") : null;
        NetworkLimits? limits = null;
        if (paths.Contains("limits"))
        {
            var l = n.Limits ?? new Viidakko.Api.V1.NetworkLimits();
            v.Range("network.limits.firm_cost_per_second", l.FirmCostPerSecond, 0, NetworkLimits.Max);
            v.Range("network.limits.network_cost_per_second", l.NetworkCostPerSecond, 0, NetworkLimits.Max);
            v.Range("network.limits.referrals_per_firm_per_day", l.ReferralsPerFirmPerDay, 0, NetworkLimits.Max);
            v.Range("network.limits.proposals_per_firm_per_day", l.ProposalsPerFirmPerDay, 0, NetworkLimits.Max);
            limits = new NetworkLimits(l.FirmCostPerSecond, l.NetworkCostPerSecond, l.ReferralsPerFirmPerDay, l.ProposalsPerFirmPerDay);
        }

        var tag = RequestTags.Read(v, request, context);
        v.ThrowIfAny();

        await BindAsync(tag, context);
        // A field the mask does not name is not read (it may hold any number).
        var values = new NetworkView(ids![0], n.DisplayName.Trim(), n.Region.Trim(), default, 0,
            paths.Contains("overlap_default") ? EnumMapping.Map<Viidakko.Api.V1.OverlapSharing, Viidakko.OverlapSharing>(n.OverlapDefault) : default,
            sla, limits);
        var updated = await cluster.GetGrain<INetworkGrain>(ids[0]).UpdateAsync(values, paths.ToList(), tag, context.CancellationToken);
        tenantLimits.Forget(ids[0]);
        return Mapping.ToProto(updated);
    }

    private static readonly IReadOnlySet<string> NetworkFields = new HashSet<string>(StringComparer.Ordinal) { "display_name", "region", "overlap_default", "sla_policy", "limits" };

    public override async Task<Network> GetNetwork(GetNetworkRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var ids = Names.Parse(v, "name", request.Name, "networks");
        v.ThrowIfAny();
        return Mapping.ToProto(await cluster.GetGrain<INetworkGrain>(ids![0]).GetAsync(context.CancellationToken));
    }

    public override async Task<ListNetworksResponse> ListNetworks(ListNetworksRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var pageSize = v.PageSize(request.PageSize);
        var after = PageTokens.Read(v, request.PageToken, "networks");
        v.ThrowIfAny();

        var all = await cluster.GetGrain<INetworkRegistryGrain>(INetworkRegistryGrain.Key).ListAsync(context.CancellationToken);
        var page = all.Where(id => after is null || string.CompareOrdinal(id, after) > 0).Take(pageSize + 1).ToList();
        var views = await Task.WhenAll(page.Take(pageSize).Select(id => cluster.GetGrain<INetworkGrain>(id).GetAsync(context.CancellationToken)));
        var response = new ListNetworksResponse
        {
            NextPageToken = PageTokens.Make(page.Count > pageSize ? page[pageSize - 1] : null, "networks"),
        };
        response.Networks.AddRange(views.Select(Mapping.ToProto));
        return response;
    }

    public override async Task<RegisterFirmResponse> RegisterFirm(RegisterFirmRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var ids = Names.Parse(v, "parent", request.Parent, "networks");
        v.Id("firm_id", request.FirmId);
        var profile = Mapping.ToProfile(v, request.Firm, "firm");
        var tag = RequestTags.Read(v, request, context);
        v.ThrowIfAny();

        await BindAsync(tag, context);
        var apiKey = ApiKeys.NewFirmKey(ids![0], request.FirmId);
        var view = await cluster.GetGrain<INetworkGrain>(ids[0])
            .RegisterFirmAsync(request.FirmId, profile, ApiKeys.Hash(apiKey), tag, context.CancellationToken);
        keyCache.Clear();
        return new RegisterFirmResponse { Firm = Mapping.ToProto(view), ApiKey = apiKey };
    }

    public override async Task<RotateFirmKeyResponse> RotateFirmKey(RotateFirmKeyRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var ids = Names.Parse(v, "name", request.Name, "networks", "firms");
        var grace = TimeSpan.FromHours(24);
        if (request.PreviousKeyGrace is { } given)
        {
            // Checked before converting: a hostile Duration (seconds far beyond a TimeSpan) must not throw.
            if (given.Seconds is < 0 or > 30 * 86_400 || given.Nanos is < 0 or > 999_999_999 || (given.Seconds == 30 * 86_400 && given.Nanos > 0))
            {
                v.Add("previous_key_grace", "must be from 0s (revoke the old key at once) to 30 days");
            }
            else
            {
                grace = given.ToTimeSpan();
            }
        }

        var tag = RequestTags.Read(v, request, context);
        v.ThrowIfAny();

        await BindAsync(tag, context);
        var apiKey = ApiKeys.NewFirmKey(ids![0], ids[1]);
        var previousUntil = await cluster.GetGrain<IFirmGrain>(ResourceIds.FirmKey(ids[0], ids[1]))
            .RotateApiKeyAsync(ApiKeys.Hash(apiKey), grace, tag, context.CancellationToken);
        // A revoked key stops here at once (and on other gateways within their cache's few seconds).
        keyCache.Clear();
        return new RotateFirmKeyResponse { ApiKey = apiKey, PreviousKeyExpireTime = previousUntil is { } until ? Mapping.Ts(until) : null };
    }

    public override async Task<Invitation> CreateInvitation(CreateInvitationRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var ids = request.Parent.Length > 0 ? Names.Parse(v, "parent", request.Parent, "networks", "firms") : null;
        Invitations.Validate(v, request.Email, request.DisplayName);
        v.ThrowIfAny();

        if (ids is null)
        {
            return await invitations.CreateAsync(AccountRole.Operator, "", "", request.Email, request.DisplayName, context.CancellationToken);
        }

        // NOT_FOUND for a firm that was never registered (a suspended one may still get its people).
        await cluster.GetGrain<IFirmGrain>(ResourceIds.FirmKey(ids[0], ids[1])).AcceptsReferralsAsync(context.CancellationToken);
        return await invitations.CreateAsync(request.Admin ? AccountRole.FirmAdmin : AccountRole.FirmPerson, ids[0], ids[1],
            request.Email, request.DisplayName, context.CancellationToken);
    }

    public override async Task<HubStats> GetHubStats(GetHubStatsRequest request, ServerCallContext context)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var stats = new HubStats
        {
            RssBytes = process.WorkingSet64,
            ManagedHeapBytes = GC.GetTotalMemory(forceFullCollection: false),
            UptimeSeconds = (DateTime.Now - process.StartTime).TotalSeconds,
        };
        var grains = await cluster.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        foreach (var g in grains.GroupBy(g => ShortTypeName(g.GrainType)))
        {
            stats.ActiveGrains[g.Key] = g.Sum(x => (long)x.ActivationCount);
        }

        return stats;
    }

    // "Viidakko.Grains.FirmGrain,Viidakko.Grains" → "FirmGrain"
    private static string ShortTypeName(string grainType)
    {
        var name = grainType.Split(',')[0];
        return name[(name.LastIndexOf('.') + 1)..];
    }

    public override async Task<Firm> SetFirmSuspended(SetFirmSuspendedRequest request, ServerCallContext context)
    {
        var v = new Violations();
        var ids = Names.Parse(v, "name", request.Name, "networks", "firms");
        var tag = RequestTags.Read(v, request, context);
        v.ThrowIfAny();

        await BindAsync(tag, context);
        var view = await cluster.GetGrain<IFirmGrain>(ResourceIds.FirmKey(ids![0], ids[1]))
            .SetSuspendedAsync(request.Suspended, tag, context.CancellationToken);
        keyCache.Clear();
        return Mapping.ToProto(view);
    }

    /// <summary>Binds the operator's request id to this request, wherever it points (one rule for every id).</summary>
    private async Task BindAsync(RequestTag? tag, ServerCallContext context)
    {
        if (tag is not null)
        {
            await cluster.GetGrain<IOperatorGrain>(IOperatorGrain.Key).BindAsync(tag, context.CancellationToken);
        }
    }
}
