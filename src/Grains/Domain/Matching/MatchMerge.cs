namespace Viidakko.Grains.Domain;

/// <summary>Merges what the shards of a skill found into one ranked, paginated match result, and explains the page.</summary>
public static class MatchMerge
{
    /// <summary>
    /// The page at <paramref name="offset"/>: every shard returned its best <c>offset + pageSize</c>,
    /// so the merged ranking holds the page. Only the firms on the page are explained (each part of
    /// the score with its sentence). The first page comes with the exclusions of the firms that would
    /// have been on it. The total is exact when every shard scored all its members.
    /// </summary>
    public static MatchResult Page(MatchQuery query, MatchCaller caller, IReadOnlyCollection<ShardMatch> shards, int offset, int pageSize)
    {
        var ranked = shards.SelectMany(s => s.Top)
            .OrderByDescending(f => f.Score).ThenBy(f => f.FirmId, StringComparer.Ordinal)
            .Skip(offset).Take(pageSize)
            .Select(f => Explain(query, caller, f))
            .ToList();
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

    /// <summary>A ranked firm with every part of its score explained (the same total it was ranked by).</summary>
    public static MatchCandidate Explain(MatchQuery query, MatchCaller caller, RankedFirm firm)
    {
        var view = firm.View;
        var (score, parts) = MatchScoring.Score(query, caller.Traits, view, firm.Pair, caller.Today);
        var suggestion = firm.Pair.Partner
            ? "Already a partner: you can refer this work right away."
            : "Not a partner yet: propose a handshake before referring work.";
        return new MatchCandidate(view.FirmId, view.Profile.DisplayName, view.Profile.City, score, parts, firm.Pair.Partner,
            suggestion, view.Standing.Reputation, view.Standing.RatingCount);
    }
}
