namespace Viidakko;

/// <summary>What a firm shares of its client list: the network's default and the firm's choice per partner.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.OverlapSettings")]
public sealed record OverlapSettings(OverlapSharing NetworkDefault, IReadOnlyDictionary<string, OverlapSharing> Partners);
