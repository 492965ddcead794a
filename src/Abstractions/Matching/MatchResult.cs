namespace Viidakko;

/// <summary>A page of candidates.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.MatchResult")]
public sealed record MatchResult(IReadOnlyList<MatchCandidate> Candidates, IReadOnlyList<MatchExclusion> Exclusions, int TotalSize, int? NextOffset);
