namespace Viidakko;

/// <summary>A firm's profile as the firm maintains it.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.FirmProfile")]
public sealed record FirmProfile(
    string DisplayName,
    string City,
    string Description,
    IReadOnlyList<Person> People,
    IReadOnlyList<Capability> Capabilities,
    IReadOnlyList<string> Traits,
    CapacityStatus Capacity,
    DateOnly? NextFreeDate);
