namespace Viidakko;

/// <summary>How busy a firm is.</summary>
[GenerateSerializer, Alias("viidakko.CapacityStatus")]
public enum CapacityStatus { Unspecified = 0, Available = 1, Busy = 2, Full = 3 }
