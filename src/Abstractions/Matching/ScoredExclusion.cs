namespace Viidakko;

/// <summary>A firm left out of a match, with the score it would have had (to tell whether it would have been on the page).</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ScoredExclusion")]
public sealed record ScoredExclusion(MatchExclusion Exclusion, double Score);
