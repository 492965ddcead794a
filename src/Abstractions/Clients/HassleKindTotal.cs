namespace Viidakko;

/// <summary>Count and minutes of one hassle kind.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.HassleKindTotal")]
public sealed record HassleKindTotal(HassleKind Kind, int Count, int Minutes);
