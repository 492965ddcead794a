namespace Viidakko;

/// <summary>The honest facts about the client, attached automatically and shown before acceptance.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.Disclosure")]
public sealed record Disclosure(string ClientDisplayName, Difficulty Difficulty, DateTime SnapshotTime);
