namespace Viidakko;

/// <summary>A network (tenant): a regional hub of partner firms.</summary>
/// <param name="Sla">Its service levels: how long receivers have to answer and to make first contact.</param>
/// <param name="Limits">Its own rate limits (null: the hub's defaults).</param>
/// <param name="OverlapDefault">What a firm shares with a partner it made no choice for.</param>
[GenerateSerializer, Immutable, Alias("viidakko.NetworkView")]
public sealed record NetworkView(string NetworkId, string DisplayName, string Region, DateTime CreateTime, int FirmCount,
    OverlapSharing OverlapDefault = OverlapSharing.Nothing,
    SlaPolicy? Sla = null,
    NetworkLimits? Limits = null);
