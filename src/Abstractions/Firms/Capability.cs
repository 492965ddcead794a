namespace Viidakko;

/// <summary>A skill a firm offers, with a self-declared level 1–5.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.Capability")]
public sealed record Capability(string Skill, int Level);
