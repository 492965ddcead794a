namespace Viidakko;

/// <summary>A ranked candidate.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.MatchCandidate")]
public sealed record MatchCandidate(
    string FirmId,
    string DisplayName,
    string City,
    double Score,
    IReadOnlyList<ScorePart> Breakdown,
    bool Partner,
    string Suggestion,
    double? Reputation,
    int RatingCount);
