namespace Viidakko;

/// <summary>A rating between two people of the two firms.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.PersonRating")]
public sealed record PersonRating(string FromPerson, string ToPerson, int Chemistry);
