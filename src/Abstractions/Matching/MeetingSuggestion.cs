namespace Viidakko;

/// <summary>A suggested first meeting between two named people.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.MeetingSuggestion")]
public sealed record MeetingSuggestion(
    string FirmId,
    string DisplayName,
    double Score,
    IReadOnlyList<string> ComplementarySkills,
    IReadOnlyList<string> SharedTraits,
    string YourPerson,
    string TheirPerson,
    string Explanation);
