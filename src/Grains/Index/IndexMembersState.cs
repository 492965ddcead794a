using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>Persistent state of one bucket of an index shard's member list.</summary>
[GenerateSerializer, Alias("viidakko.IndexMembersState")]
public sealed class IndexMembersState
{
    [Id(0)] public SortedSet<string> Members { get; set; } = new(StringComparer.Ordinal);
}
