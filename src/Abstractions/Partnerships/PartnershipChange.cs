namespace Viidakko;

/// <summary>What one side tells the other when a partnership changes (idempotent by version).</summary>
[GenerateSerializer, Immutable, Alias("viidakko.PartnershipChange")]
public sealed record PartnershipChange(
    string FromFirmId,
    PartnershipStatus Status,
    string ProposerFirmId,
    PartnershipTerms Terms,
    string Message,
    string StatusNote,
    string LastActorFirmId,
    long Version,
    DateTime CreateTime,
    DateTime UpdateTime);
