namespace Viidakko;

/// <summary>A client as its custodian sees it.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ClientView")]
public sealed record ClientView(
    string NetworkId,
    string FirmId,
    string ClientId,
    string DisplayName,
    string BusinessId,
    string NormalizedIdentity,
    ClientContact Contact,
    bool Keep,
    string Notes,
    Difficulty Difficulty,
    DateTime CreateTime,
    DateTime UpdateTime);
