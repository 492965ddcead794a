namespace Viidakko;

/// <summary>The caller's side of a match, computed by its own firm grain.</summary>
/// <param name="Person">Who at the caller would meet a suggested firm first: its first person, with role.</param>
[GenerateSerializer, Immutable, Alias("viidakko.MatchCaller")]
public sealed record MatchCaller(
    string FirmId,
    IReadOnlyList<string> Traits,
    IReadOnlyList<string> Skills,
    IReadOnlyDictionary<string, PairFacts> Pairs,
    IReadOnlyList<string> DeclinedBefore,
    DateOnly Today,
    string Person = "");
