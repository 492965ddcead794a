namespace Viidakko;

/// <summary>A page of partnerships.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.PartnershipPage")]
public sealed record PartnershipPage(IReadOnlyList<PartnershipView> Partnerships, string? NextAfterPartnerId);
