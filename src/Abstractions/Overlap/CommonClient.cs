namespace Viidakko;

/// <summary>One client two partners have in common: the asker's client id and name, and the partner's name for it.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.CommonClient")]
public sealed record CommonClient(string ClientId, string DisplayName, string PartnerDisplayName);
