namespace Viidakko;

/// <summary>A firm left out, with the reason; the firm id is empty where naming it would reveal another firm's data.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.MatchExclusion")]
public sealed record MatchExclusion(string FirmId, ExclusionReason Reason, string Explanation);
