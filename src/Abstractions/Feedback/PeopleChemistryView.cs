namespace Viidakko;

/// <summary>Chemistry between two people.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.PeopleChemistryView")]
public sealed record PeopleChemistryView(string YourPerson, string TheirPerson, double Score, int RatingCount);
