namespace Viidakko;

/// <summary>A page of the overlap queries about a firm, newest first.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.OverlapQueryPage")]
public sealed record OverlapQueryPage(IReadOnlyList<OverlapQueryRecord> Queries, int? NextOffset);
