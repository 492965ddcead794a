using Orleans.Concurrency;

namespace Viidakko;

/// <summary>
/// One shard of a network's firm index: all firms (skill <c>*</c>) or the firms offering one skill.
/// Key: <c>network/skill/shard</c> (see <see cref="IndexShards"/>). Firm grains push their facts here
/// when their profile, evidence, reputation or clients change; matches read the shards of one skill.
/// Reads interleave with each other: they only look at memory.
/// </summary>
[Alias("viidakko.IIndexShardGrain")]
public interface IIndexShardGrain : IGrainWithStringKey
{
    [Alias("Upsert")] Task UpsertAsync(FirmMatchFacts facts, CancellationToken cancellationToken = default);
    [Alias("Remove")] Task RemoveAsync(string firmId, CancellationToken cancellationToken = default);
    /// <summary>This shard's best candidates (at most <paramref name="limit"/>) for a need.</summary>
    [ReadOnly, Alias("Match")] Task<ShardMatch> MatchAsync(MatchQuery query, MatchCaller caller, int limit, CancellationToken cancellationToken = default);
    /// <summary>Public profiles after <paramref name="afterFirmId"/>, ordered by id, and how many the shard holds.</summary>
    [ReadOnly, Alias("List")] Task<FirmPage> ListAsync(int limit, string? afterFirmId, CancellationToken cancellationToken = default);
    /// <summary>The skills this shard's members offer (read by the <see cref="ISkillCatalogGrain"/> as it builds).</summary>
    [AlwaysInterleave, Alias("Skills")] Task<IReadOnlyList<string>> SkillsAsync(CancellationToken cancellationToken = default);
    /// <summary>Non-partner firms worth meeting for the caller.</summary>
    [ReadOnly, Alias("Suggest")] Task<IReadOnlyList<MeetingSuggestion>> SuggestAsync(MatchCaller caller, string callerPerson, int limit, CancellationToken cancellationToken = default);
}
