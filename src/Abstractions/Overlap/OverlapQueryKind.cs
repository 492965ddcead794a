namespace Viidakko;

/// <summary>Which overlap query a firm made.</summary>
[GenerateSerializer, Alias("viidakko.OverlapQueryKind")]
public enum OverlapQueryKind { Unspecified = 0, Overlap = 1, WhoKnows = 2 }
