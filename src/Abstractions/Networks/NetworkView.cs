namespace Viidakko;

/// <summary>A network (tenant): a regional hub of partner firms.</summary>
/// <param name="OverlapDefault">What a firm shares with a partner it made no choice for.</param>
[GenerateSerializer, Immutable, Alias("viidakko.NetworkView")]
public sealed record NetworkView(string NetworkId, string DisplayName, string Region, DateTime CreateTime, int FirmCount,
    OverlapSharing OverlapDefault = OverlapSharing.Nothing);
