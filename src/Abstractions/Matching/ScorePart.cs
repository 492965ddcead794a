namespace Viidakko;

/// <summary>One part of a candidate's score, readable by a person.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ScorePart")]
public sealed record ScorePart(string Name, double Score, double Weight, string Explanation);
