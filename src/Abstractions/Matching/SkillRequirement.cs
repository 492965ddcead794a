namespace Viidakko;

/// <summary>A skill the need asks for, with the lowest acceptable declared level.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.SkillRequirement")]
public sealed record SkillRequirement(string Skill, int MinLevel);
