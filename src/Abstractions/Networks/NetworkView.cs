namespace Viidakko;

/// <summary>A network (tenant): a regional hub of partner firms.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.NetworkView")]
public sealed record NetworkView(string NetworkId, string DisplayName, string Region, DateTime CreateTime, int FirmCount);
