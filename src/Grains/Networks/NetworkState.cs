using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

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
    /// <summary>What firms share of their client lists with partners they made no choice for.</summary>
    [Id(6)] public OverlapSharing OverlapDefault { get; set; } = OverlapSharing.Nothing;
    /// <summary>Its service levels; null until the operator sets them (then <see cref="SlaPolicy.Default"/> holds).</summary>
    [Id(7)] public SlaPolicy? Sla { get; set; }
    /// <summary>Its own rate limits; null: the hub's defaults.</summary>
    [Id(8)] public NetworkLimits? Limits { get; set; }
}
