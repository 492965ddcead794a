using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

[GrainType("network")]
internal sealed class NetworkGrain(
    [PersistentState("network", GrainStorage.Name)] IPersistentState<NetworkState> state,
    TimeProvider clock) : Grain, INetworkGrain, IMayBeAbsent
{
    bool IMayBeAbsent.IsAbsent => !state.State.Exists;

    private StateWriter<NetworkState>? _writer;

    private StateWriter<NetworkState> Writer => _writer ??= new(state, DeactivateOnIdle);

    private string NetworkId => this.GetPrimaryKeyString();

    public async Task<NetworkView> CreateAsync(string displayName, string region, RequestTag? request = null, OverlapSharing overlapDefault = OverlapSharing.Nothing, SlaPolicy? sla = null, CancellationToken cancellationToken = default)
    {
        // The create's id and time are its request log, with the same retention as every other
        // grain's (an update sets values, so doing it twice does nothing more).
        if (state.State.Exists && request is not null && request.Id == state.State.CreateRequestId
            && RequestLog.IsRemembered(state.State.CreateTime, clock.GetUtcNow().UtcDateTime))
        {
            // A retried create: make sure the registry has it too, then answer as the first time.
            await GrainFactory.GetGrain<INetworkRegistryGrain>(INetworkRegistryGrain.Key).AddAsync(NetworkId, cancellationToken);
            return View();
        }

        if (state.State.Exists)
        {
            throw new DomainException(DomainErrorKind.AlreadyExists, Reasons.NetworkExists, $"Network '{NetworkId}' already exists.");
        }

        state.State.Exists = true;
        state.State.DisplayName = displayName;
        state.State.Region = region;
        state.State.OverlapDefault = OverlapRules.Effective(overlapDefault, OverlapSharing.Nothing);
        state.State.Sla = Validated(sla);
        state.State.CreateRequestId = request?.Id;
        state.State.CreateTime = clock.GetUtcNow().UtcDateTime;
        await Writer.WriteAsync();
        await GrainFactory.GetGrain<INetworkRegistryGrain>(INetworkRegistryGrain.Key).AddAsync(NetworkId, cancellationToken);
        return View();
    }

    public async Task<NetworkView> GetAsync(CancellationToken cancellationToken = default)
    {
        EnsureExists();
        // The firm count comes from the directory shards: operator calls only, never a hot path.
        var page = await GrainFactory.GetGrain<IDirectoryGrain>(NetworkId).ListFirmsAsync(null, 1, null, cancellationToken);
        return View() with { FirmCount = page.TotalSize };
    }

    public Task<bool> ExistsAsync(CancellationToken cancellationToken = default) => Task.FromResult(state.State.Exists);

    public Task<OverlapSharing> GetOverlapDefaultAsync(CancellationToken cancellationToken = default)
    {
        EnsureExists();
        return Task.FromResult(state.State.OverlapDefault);
    }

    public Task<NetworkLimits> GetLimitsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(state.State.Limits ?? NetworkLimits.Default);

    public Task<SlaPolicy> GetSlaPolicyAsync(CancellationToken cancellationToken = default)
    {
        EnsureExists();
        return Task.FromResult(state.State.Sla ?? SlaPolicy.Default);
    }

    public async Task<NetworkView> UpdateAsync(NetworkView values, IReadOnlyList<string> paths, RequestTag? request = null, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        foreach (var path in paths)
        {
            switch (path)
            {
                case "display_name": state.State.DisplayName = values.DisplayName; break;
                case "region": state.State.Region = values.Region; break;
                case "overlap_default": state.State.OverlapDefault = OverlapRules.Effective(values.OverlapDefault, OverlapSharing.Nothing); break;
                case "sla_policy": state.State.Sla = Validated(values.Sla); break;
                case "limits": state.State.Limits = values.Limits is { } l && l != NetworkLimits.Default ? l : null; break;
                default: throw DomainException.Invalid("update_mask", $"'{path}' is not an updatable field");
            }
        }

        await Writer.WriteAsync();
        return await GetAsync(cancellationToken);
    }

    public Task<FirmView> RegisterFirmAsync(string firmId, FirmProfile profile, string apiKeyHash, RequestTag? request = null, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        return GrainFactory.GetGrain<IFirmGrain>(ResourceIds.FirmKey(NetworkId, firmId))
            .InitializeAsync(profile, apiKeyHash, request, cancellationToken);
    }

    private void EnsureExists()
    {
        if (!state.State.Exists)
        {
            throw new DomainException(DomainErrorKind.NotFound, Reasons.NetworkMissing, $"Network '{NetworkId}' was not found.");
        }
    }

    private NetworkView View() =>
        new(NetworkId, state.State.DisplayName, state.State.Region, state.State.CreateTime, 0, state.State.OverlapDefault,
            state.State.Sla ?? SlaPolicy.Default, state.State.Limits ?? NetworkLimits.Default);

    /// <summary>A policy that holds together (the gateway checks it first; this keeps the grain's own promise).</summary>
    private static SlaPolicy? Validated(SlaPolicy? sla) =>
        sla is not null && SlaPolicyRules.Validate(sla) is { Count: > 0 } violations ? throw DomainException.InvalidFields(violations) : sla;
}
