namespace Viidakko;

/// <summary>
/// What an overlap grain reads from its firm: the status of each partnership and the firm's clients
/// with their normalized identities (never shown to another firm as such).
/// </summary>
[GenerateSerializer, Immutable, Alias("viidakko.OverlapFacts")]
public sealed record OverlapFacts(IReadOnlyDictionary<string, PartnershipStatus> Partnerships, IReadOnlyList<ClientIdentityEntry> Clients);
