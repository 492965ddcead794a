namespace Viidakko;

/// <summary>Chemistry between the caller's firm and another.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ChemistryView")]
public sealed record ChemistryView(string OtherFirmId, double? Score, int RatingCount, IReadOnlyList<PeopleChemistryView> People);
