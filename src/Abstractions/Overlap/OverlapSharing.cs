namespace Viidakko;

/// <summary>How much of its client list a firm lets a partner see overlap with.</summary>
[GenerateSerializer, Alias("viidakko.OverlapSharing")]
public enum OverlapSharing { Unspecified = 0, Nothing = 1, Counts = 2, Names = 3 }
