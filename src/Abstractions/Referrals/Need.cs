namespace Viidakko;

/// <summary>What the client needs.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.Need")]
public sealed record Need(IReadOnlyList<string> Skills, string Description, long BudgetMinCents, long BudgetMaxCents, DateOnly? Deadline);
