namespace Viidakko;

/// <summary>Input for registering or updating a client.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ClientInput")]
public sealed record ClientInput(string DisplayName, string BusinessId, ClientContact Contact, bool Keep, string Notes);
