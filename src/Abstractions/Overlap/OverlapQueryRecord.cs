namespace Viidakko;

/// <summary>One overlap query another firm made about this one, as recorded for it to see.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.OverlapQueryRecord")]
public sealed record OverlapQueryRecord(string AskerFirmId, DateTime Time, OverlapQueryKind Kind, OverlapSharing Sharing);
