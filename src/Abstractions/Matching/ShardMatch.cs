namespace Viidakko;

/// <summary>What one shard found for a match: its best candidates, how many qualified, and exclusions.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ShardMatch")]
public sealed record ShardMatch(IReadOnlyList<MatchCandidate> Top, int Qualified, IReadOnlyList<MatchExclusion> Exclusions);
