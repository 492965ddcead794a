namespace Viidakko;

/// <summary>How difficult a client is relative to the money.</summary>
[GenerateSerializer, Alias("viidakko.DifficultyLevel")]
public enum DifficultyLevel { Unspecified = 0, Low = 1, Medium = 2, High = 3 }
