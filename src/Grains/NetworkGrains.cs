using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>Persistent state of the network registry.</summary>
[GenerateSerializer, Alias("viidakko.NetworkRegistryState")]
public sealed class NetworkRegistryState
{
    [Id(0)] public SortedSet<string> NetworkIds { get; set; } = new(StringComparer.Ordinal);
}

[GrainType("network-registry")]
internal sealed class NetworkRegistryGrain(
    [PersistentState("registry", GrainStorage.Name)] IPersistentState<NetworkRegistryState> state) : Grain, INetworkRegistryGrain
{
    public async Task AddAsync(string networkId, CancellationToken cancellationToken = default)
    {
        if (state.State.NetworkIds.Add(networkId))
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.NetworkIds.ToList());
}

/// <summary>
/// Persistent state of a network. The directory lives in the index shards, so registering a firm
/// writes nothing here: no state grows with the network.
/// </summary>
[GenerateSerializer, Alias("viidakko.NetworkState")]
public sealed class NetworkState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string DisplayName { get; set; } = "";
    [Id(2)] public string Region { get; set; } = "";
    [Id(3)] public DateTime CreateTime { get; set; }
    [Id(5)] public string? CreateRequestId { get; set; }
}

[GrainType("network")]
internal sealed class NetworkGrain(
    [PersistentState("network", GrainStorage.Name)] IPersistentState<NetworkState> state,
    TimeProvider clock) : Grain, INetworkGrain
{
    private StateWriter<NetworkState>? _writer;

    private StateWriter<NetworkState> Writer => _writer ??= new(state, DeactivateOnIdle);

    private string NetworkId => this.GetPrimaryKeyString();

    public async Task<NetworkView> CreateAsync(string displayName, string region, string? requestId = null, CancellationToken cancellationToken = default)
    {
        // The create is the network's only mutation, so its id and the create time are its whole
        // request log, with the same retention as every other grain's.
        if (state.State.Exists && requestId is { Length: > 0 } && requestId == state.State.CreateRequestId
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
        state.State.CreateRequestId = requestId;
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

    public Task<FirmView> RegisterFirmAsync(string firmId, FirmProfile profile, string apiKeyHash, string? requestId = null, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        return GrainFactory.GetGrain<IFirmGrain>(ResourceIds.FirmKey(NetworkId, firmId))
            .InitializeAsync(profile, apiKeyHash, requestId, cancellationToken);
    }

    private void EnsureExists()
    {
        if (!state.State.Exists)
        {
            throw new DomainException(DomainErrorKind.NotFound, Reasons.NetworkMissing, $"Network '{NetworkId}' was not found.");
        }
    }

    private NetworkView View() =>
        new(NetworkId, state.State.DisplayName, state.State.Region, state.State.CreateTime, 0);
}
