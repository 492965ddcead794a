namespace Viidakko;

/// <summary>A person at a firm. E-mail and phone are shown to partners only.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.Person")]
public sealed record Person(string Name, string Role, string Email, string Phone);
