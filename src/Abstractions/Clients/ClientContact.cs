namespace Viidakko;

/// <summary>Private contact details of a client; only the custodian (and an accepted introduction's receiver) sees them.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ClientContact")]
public sealed record ClientContact(string PersonName, string Email, string Phone, string Address);
