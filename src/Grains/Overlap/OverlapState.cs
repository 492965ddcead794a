namespace Viidakko.Grains;

/// <summary>Persistent state of a firm's overlap sharing.</summary>
[GenerateSerializer, Alias("viidakko.OverlapState")]
public sealed class OverlapState
{
    /// <summary>What the firm chose to share, per partner (absent: the network's default).</summary>
    [Id(0)] public Dictionary<string, OverlapSharing> Choices { get; set; } = new(StringComparer.Ordinal);
    /// <summary>The UTC day <see cref="QueriesUsed"/> counts.</summary>
    [Id(1)] public DateOnly QuotaDay { get; set; }
    /// <summary>Overlap queries the firm made on <see cref="QuotaDay"/>.</summary>
    [Id(2)] public int QueriesUsed { get; set; }
    /// <summary>Queries other firms made about this one (one row each), kept <see cref="OverlapLimits.Retention"/>.</summary>
    [Id(3)] public ItemMap<OverlapQueryRecord> QueriesAboutFirm { get; set; } = new();
    /// <summary>Request ids of sharing changes within the retention (see <see cref="Domain.RequestLog"/>).</summary>
    [Id(4)] public ItemMap<ProcessedRequest> ProcessedRequests { get; set; } = new();
}
