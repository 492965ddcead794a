using Orleans.Concurrency;

namespace Viidakko;

/// <summary>A network (tenant): its metadata and firm count. Key: network id.</summary>
[Alias("viidakko.INetworkGrain")]
public interface INetworkGrain : IGrainWithStringKey
{
    [Alias("Create")] Task<NetworkView> CreateAsync(string displayName, string region, RequestTag? request = null, CancellationToken cancellationToken = default);
    [Alias("Get")] Task<NetworkView> GetAsync(CancellationToken cancellationToken = default);
    [Alias("Exists")] Task<bool> ExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates the firm grain (which lists itself in the network's index) and counts it.</summary>
    [Alias("RegisterFirm")] Task<FirmView> RegisterFirmAsync(string firmId, FirmProfile profile, string apiKeyHash, RequestTag? request = null, CancellationToken cancellationToken = default);
}
