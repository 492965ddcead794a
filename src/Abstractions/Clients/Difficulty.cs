namespace Viidakko;

/// <summary>The client's difficulty: hassle hours per 1,000 € of revenue and a level.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.Difficulty")]
public sealed record Difficulty(
    double HassleHoursPerThousandEur,
    DifficultyLevel Level,
    int HassleMinutes,
    long RevenueCents,
    IReadOnlyList<HassleKindTotal> ByKind);
