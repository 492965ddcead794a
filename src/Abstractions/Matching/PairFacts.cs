namespace Viidakko;

/// <summary>What the caller knows about its history with one other firm.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.PairFacts")]
public sealed record PairFacts(bool Partner, double? Chemistry, int ChemistryCount, int GivenToCaller, int ReceivedFromCaller);
