namespace Viidakko.Grains.Domain;

/// <summary>Merges what the shards of a skill found into one ranked, paginated match result.</summary>
public static class MatchMerge
{
    /// <summary>
    /// The page at <paramref name="offset"/>: every shard returned its best <c>offset + pageSize</c>,
    /// so the merged ranking holds the page. The first page comes with the exclusions of the firms
    /// that would have been on it. The total is exact when every shard scored all its members.
    /// </summary>
    public static MatchResult Page(IReadOnlyCollection<ShardMatch> shards, int offset, int pageSize)
    {
        var ranked = MatchScoring.Rank(shards.SelectMany(s => s.Top)).Skip(offset).Take(pageSize).ToList();
        var total = shards.Sum(s => s.Qualified);
        var last = ranked.Count == pageSize ? ranked[^1] : null;
        var exclusions = offset == 0
            ? shards.SelectMany(s => s.Exclusions)
                .Where(e => last is null || e.Score > last.Score || (e.Score == last.Score && string.CompareOrdinal(e.Exclusion.FirmId, last.FirmId) < 0))
                .Select(e => e.Exclusion)
                .OrderBy(e => e.Reason).ThenBy(e => e.FirmId, StringComparer.Ordinal)
                .ToList()
            : [];
        int? next = offset + pageSize < total ? offset + pageSize : null;
        return new MatchResult(ranked, exclusions, total, next);
    }
}
