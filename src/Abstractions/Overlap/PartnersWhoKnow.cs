namespace Viidakko;

/// <summary>The partners that already have a client, and how many could be asked (mutual names).</summary>
[GenerateSerializer, Immutable, Alias("viidakko.PartnersWhoKnow")]
public sealed record PartnersWhoKnow(IReadOnlyList<string> Partners, int Asked);
