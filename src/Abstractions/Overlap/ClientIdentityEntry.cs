namespace Viidakko;

/// <summary>One of a firm's clients and its normalized identity (for overlap checks; never shown to another firm).</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ClientIdentityEntry")]
public sealed record ClientIdentityEntry(string ClientId, string Identity);
