namespace Viidakko;

/// <summary>The limits that keep overlap queries from mapping another firm's client list.</summary>
public static class OverlapLimits
{
    /// <summary>Below this many common clients, counts only say "fewer than 3".</summary>
    public const int CountThreshold = 3;

    /// <summary>Overlap queries (GetOverlap, FindPartnersWhoKnow) a firm may make per UTC day.</summary>
    public const int QueriesPerDay = 20;

    /// <summary>How long a firm can see the queries made about it.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    /// <summary>At most this many recorded queries per firm (the oldest go first).</summary>
    public const int MaxRecords = 1000;

    /// <summary>At most this many common clients are named in one answer.</summary>
    public const int MaxNames = 100;
}
