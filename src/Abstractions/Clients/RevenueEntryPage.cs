namespace Viidakko;

/// <summary>A page of a client's revenue entries.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.RevenueEntryPage")]
public sealed record RevenueEntryPage(IReadOnlyList<RevenueEntry> Entries, int? NextOffset);
