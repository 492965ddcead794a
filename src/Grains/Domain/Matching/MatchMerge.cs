namespace Viidakko.Grains.Domain;

/// <summary>Merges what the shards of a skill found into one ranked, paginated match result.</summary>
public static class MatchMerge
{
    /// <summary>
    /// The page at <paramref name="offset"/>: every shard returned its best <c>offset + pageSize</c>,
    /// so the merged ranking holds the page. Exclusions come with the first page only.
    /// </summary>
    public static MatchResult Page(IReadOnlyCollection<ShardMatch> shards, int offset, int pageSize)
    {
        var ranked = MatchScoring.Rank(shards.SelectMany(s => s.Top)).Skip(offset).Take(pageSize).ToList();
        var total = shards.Sum(s => s.Qualified);
        var exclusions = offset == 0
            ? shards.SelectMany(s => s.Exclusions).OrderBy(e => e.Reason).ThenBy(e => e.FirmId, StringComparer.Ordinal).ToList()
            : [];
        int? next = offset + pageSize < total ? offset + pageSize : null;
        return new MatchResult(ranked, exclusions, total, next);
    }
}
