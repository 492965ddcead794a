using Orleans.Concurrency;

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

/// <summary>Persistent state of a network: its metadata and the public directory of its firms.</summary>
[GenerateSerializer, Alias("viidakko.NetworkState")]
public sealed class NetworkState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string DisplayName { get; set; } = "";
    [Id(2)] public string Region { get; set; } = "";
    [Id(3)] public DateTime CreateTime { get; set; }
    [Id(4)] public SortedDictionary<string, FirmView> Directory { get; set; } = new(StringComparer.Ordinal);
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
        if (state.State.Exists && requestId is { Length: > 0 } && requestId == state.State.CreateRequestId)
        {
            // A retried create: make sure the registry has it too, then answer as the first time.
            await GrainFactory.GetGrain<INetworkRegistryGrain>(INetworkRegistryGrain.Key).AddAsync(NetworkId, cancellationToken);
            return View();
        }

        if (state.State.Exists)
        {
            throw new DomainException(DomainErrorKind.AlreadyExists, "NETWORK_EXISTS", $"Network '{NetworkId}' already exists.");
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

    public Task<NetworkView> GetAsync(CancellationToken cancellationToken = default)
    {
        EnsureExists();
        return Task.FromResult(View());
    }

    public Task<bool> ExistsAsync(CancellationToken cancellationToken = default) => Task.FromResult(state.State.Exists);

    public async Task<FirmView> RegisterFirmAsync(string firmId, FirmProfile profile, string apiKeyHash, string? requestId = null, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        var firm = GrainFactory.GetGrain<IFirmGrain>(ResourceIds.FirmKey(NetworkId, firmId));
        var view = await firm.InitializeAsync(profile, apiKeyHash, requestId, cancellationToken);
        // The firm answers with its own (self) view; the directory is public.
        state.State.Directory[firmId] = FirmGrain.Public(view);
        await Writer.WriteAsync();
        return view;
    }

    public async Task UpsertDirectoryEntryAsync(FirmView publicView, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        if (state.State.Directory.TryGetValue(publicView.FirmId, out var current) && current.UpdateTime > publicView.UpdateTime)
        {
            return;
        }

        state.State.Directory[publicView.FirmId] = publicView;
        await Writer.WriteAsync();
    }

    [ReadOnly]
    public Task<FirmPage> ListFirmsAsync(string? skill, int pageSize, string? afterFirmId, CancellationToken cancellationToken = default)
    {
        EnsureExists();
        IEnumerable<FirmView> matching = state.State.Directory.Values;
        if (!string.IsNullOrEmpty(skill))
        {
            matching = matching.Where(f => f.Profile.Capabilities.Any(c => c.Skill == skill));
        }

        var all = matching.ToList();
        var page = all
            .Where(f => afterFirmId is null || string.CompareOrdinal(f.FirmId, afterFirmId) > 0)
            .Take(pageSize + 1)
            .ToList();
        var next = page.Count > pageSize ? page[pageSize - 1].FirmId : null;
        return Task.FromResult(new FirmPage(page.Take(pageSize).ToList(), next, all.Count));
    }

    private void EnsureExists()
    {
        if (!state.State.Exists)
        {
            throw new DomainException(DomainErrorKind.NotFound, Reasons.NetworkMissing, $"Network '{NetworkId}' was not found.");
        }
    }

    private NetworkView View() =>
        new(NetworkId, state.State.DisplayName, state.State.Region, state.State.CreateTime, state.State.Directory.Count);
}
