namespace Viidakko;

/// <summary>What the client grain hands over when one of its custodian's referrals is created.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ClientSnapshot")]
public sealed record ClientSnapshot(
    string ClientId,
    string DisplayName,
    string NormalizedIdentity,
    ClientContact Contact,
    Difficulty Difficulty,
    DateTime CreateTime);
