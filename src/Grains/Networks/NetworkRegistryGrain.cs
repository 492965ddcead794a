using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

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
