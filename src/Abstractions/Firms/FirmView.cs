namespace Viidakko;

/// <summary>A firm as seen by a viewer (people's e-mail and phone only for partners and self).</summary>
[GenerateSerializer, Immutable, Alias("viidakko.FirmView")]
public sealed record FirmView(
    string NetworkId,
    string FirmId,
    FirmProfile Profile,
    bool Suspended,
    FirmVisibility Visibility,
    DateTime CreateTime,
    DateTime UpdateTime,
    FirmStanding Standing);
