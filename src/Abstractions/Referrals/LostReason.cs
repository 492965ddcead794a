namespace Viidakko;

/// <summary>Why a deal was lost.</summary>
[GenerateSerializer, Alias("viidakko.LostReason")]
public enum LostReason { Unspecified = 0, Price = 1, Timing = 2, ChoseCompetitor = 3, ClientWithdrew = 4, PoorFit = 5, Other = 6 }
