namespace Viidakko;

/// <summary>One hassle log entry.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.HassleEntry")]
public sealed record HassleEntry(string EntryId, HassleKind Kind, int Minutes, string Note, DateTime OccurTime, DateTime RecordTime);
