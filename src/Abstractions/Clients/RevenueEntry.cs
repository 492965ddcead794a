namespace Viidakko;

/// <summary>One revenue log entry.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.RevenueEntry")]
public sealed record RevenueEntry(string EntryId, long AmountCents, string Note, DateTime OccurTime, DateTime RecordTime);
