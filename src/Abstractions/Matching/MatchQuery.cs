namespace Viidakko;

/// <summary>What the caller is looking for in a partner.</summary>
/// <param name="ClientId">The caller's client the need is for, if any (for exclusions).</param>
[GenerateSerializer, Immutable, Alias("viidakko.MatchQuery")]
public sealed record MatchQuery(
    IReadOnlyList<SkillRequirement> Skills,
    IReadOnlyList<string> WantedTraits,
    long BudgetMinCents,
    long BudgetMaxCents,
    DateOnly? Deadline,
    string City,
    bool RemoteOk,
    string? ClientId);
