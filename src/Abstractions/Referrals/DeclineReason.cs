namespace Viidakko;

/// <summary>Why a receiver declined.</summary>
[GenerateSerializer, Alias("viidakko.DeclineReason")]
public enum DeclineReason { Unspecified = 0, NoCapacity = 1, NotAFit = 2, Conflict = 3, Other = 4, AlreadyOurClient = 5 }
