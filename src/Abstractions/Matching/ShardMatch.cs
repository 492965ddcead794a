namespace Viidakko;

/// <summary>
/// What one shard found for a match: its best candidates, scored but not yet explained, how many firms qualify (exact when
/// <paramref name="Complete"/>, else an estimate), and the exclusions among the firms that would
/// otherwise have been in its best.
/// </summary>
/// <param name="Complete">True when the shard scored every member (nothing was pruned).</param>
[GenerateSerializer, Immutable, Alias("viidakko.ShardMatch")]
public sealed record ShardMatch(IReadOnlyList<RankedFirm> Top, int Qualified, IReadOnlyList<ScoredExclusion> Exclusions, bool Complete);
