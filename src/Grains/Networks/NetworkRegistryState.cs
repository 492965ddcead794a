using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>Persistent state of the network registry.</summary>
[GenerateSerializer, Alias("viidakko.NetworkRegistryState")]
public sealed class NetworkRegistryState
{
    [Id(0)] public SortedSet<string> NetworkIds { get; set; } = new(StringComparer.Ordinal);
}
