namespace Viidakko;

/// <summary>Why a firm is not among the candidates.</summary>
[GenerateSerializer, Alias("viidakko.ExclusionReason")]
public enum ExclusionReason { Unspecified = 0, Self = 1, DeclinedClientBefore = 2, CustodyConflict = 3, Suspended = 4 }
