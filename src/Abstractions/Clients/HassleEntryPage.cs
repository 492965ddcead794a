namespace Viidakko;

/// <summary>A page of a client's log entries.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.HassleEntryPage")]
public sealed record HassleEntryPage(IReadOnlyList<HassleEntry> Entries, int? NextOffset);
