using Orleans.Concurrency;

namespace Viidakko;

/// <summary>Lists every network hosted here (admin only; not on any member's hot path).</summary>
[Alias("viidakko.INetworkRegistryGrain")]
public interface INetworkRegistryGrain : IGrainWithStringKey
{
    /// <summary>The registry is a single grain with this key.</summary>
    const string Key = "all";

    [Alias("Add")] Task AddAsync(string networkId, CancellationToken cancellationToken = default);
    [Alias("List")] Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default);
}
