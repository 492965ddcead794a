using Orleans.Concurrency;

namespace Viidakko;

/// <summary>A network (tenant): its metadata and firm count. Key: network id.</summary>
[Alias("viidakko.INetworkGrain")]
public interface INetworkGrain : IGrainWithStringKey
{
    [Alias("Create")] Task<NetworkView> CreateAsync(string displayName, string region, RequestTag? request = null, OverlapSharing overlapDefault = OverlapSharing.Nothing, SlaPolicy? sla = null, CancellationToken cancellationToken = default);
    [Alias("Get")] Task<NetworkView> GetAsync(CancellationToken cancellationToken = default);
    [Alias("Exists")] Task<bool> ExistsAsync(CancellationToken cancellationToken = default);
    /// <summary>
    /// What firms share of their client lists with partners they made no choice for. Interleaves (it
    /// only reads memory): an overlap grain asks while the network may be waiting on that firm.
    /// </summary>
    [AlwaysInterleave, Alias("GetOverlapDefault")] Task<OverlapSharing> GetOverlapDefaultAsync(CancellationToken cancellationToken = default);
    /// <summary>The network's service levels (deadlines in business time). Interleaves: it only reads memory.</summary>
    /// <summary>The network's own rate limits (the hub's defaults when the operator set none, or the network is unknown); gateways cache it.</summary>
    [AlwaysInterleave, Alias("GetLimits")] Task<NetworkLimits> GetLimitsAsync(CancellationToken cancellationToken = default);
    [AlwaysInterleave, Alias("GetSlaPolicy")] Task<SlaPolicy> GetSlaPolicyAsync(CancellationToken cancellationToken = default);
    /// <summary>Changes the fields named in <paramref name="paths"/> (<c>display_name</c>, <c>region</c>, <c>overlap_default</c>, <c>sla_policy</c>).</summary>
    [Alias("Update")] Task<NetworkView> UpdateAsync(NetworkView values, IReadOnlyList<string> paths, RequestTag? request = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates the firm grain, which lists itself in the network's index. It changes nothing here, so
    /// registrations in one network run side by side (<see cref="ReadOnlyAttribute"/>) instead of one
    /// firm's writes after another's.
    /// </summary>
    [ReadOnly, Alias("RegisterFirm")] Task<FirmView> RegisterFirmAsync(string firmId, FirmProfile profile, string apiKeyHash, RequestTag? request = null, CancellationToken cancellationToken = default);
}
