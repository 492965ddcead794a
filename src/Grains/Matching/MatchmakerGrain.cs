using Orleans.Concurrency;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// Runs matches for the firms of a network: the firm gives its side of the match (its history with
/// each other firm stays with it), the shards of the first wanted skill score their members, and
/// <see cref="MatchMerge"/> ranks the union. Every candidate must offer every wanted skill, so the
/// shards of the first one hold them all. A need naming a skill no firm offers is answered empty
/// without waking any shard (<see cref="OfferedSkills"/>).
/// </summary>
[StatelessWorker, GrainType("matchmaker")]
internal sealed class MatchmakerGrain(TimeProvider clock) : Grain, IMatchmakerGrain
{
    private OfferedSkills? _offered;

    private OfferedSkills Offered => _offered ??= new OfferedSkills(GrainFactory, this.GetPrimaryKeyString(), clock);

    public async Task<MatchResult> MatchPartnersAsync(string firmId, MatchQuery query, int offset, int pageSize, CancellationToken cancellationToken = default)
    {
        if (query.Skills.Count == 0)
        {
            throw DomainException.Invalid("skills", "name at least one skill");
        }

        var networkId = this.GetPrimaryKeyString();
        var caller = await Firm(networkId, firmId).GetMatchCallerAsync(query.ClientId, cancellationToken);
        if (!await Offered.AllOfferedAsync(query.Skills.Select(s => s.Skill).ToList(), cancellationToken))
        {
            return MatchMerge.Page(query, caller, [], offset, pageSize);
        }

        var shards = await Task.WhenAll(IndexShards.Keys(networkId, query.Skills[0].Skill)
            .Select(key => GrainFactory.GetGrain<IIndexShardGrain>(key).MatchAsync(query, caller, offset + pageSize, cancellationToken)));
        return MatchMerge.Page(query, caller, shards, offset, pageSize);
    }

    public async Task<IReadOnlyList<MeetingSuggestion>> SuggestMeetingsAsync(string firmId, int limit, CancellationToken cancellationToken = default)
    {
        var networkId = this.GetPrimaryKeyString();
        var caller = await Firm(networkId, firmId).GetMatchCallerAsync(null, cancellationToken);
        var shards = await Task.WhenAll(IndexShards.Keys(networkId, IndexShards.All)
            .Select(key => GrainFactory.GetGrain<IIndexShardGrain>(key).SuggestAsync(caller, caller.Person, limit, cancellationToken)));
        return MeetingSuggestions.Rank(shards.SelectMany(s => s)).Take(limit).ToList();
    }

    private IFirmGrain Firm(string networkId, string firmId) => GrainFactory.GetGrain<IFirmGrain>(ResourceIds.FirmKey(networkId, firmId));
}
