using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// One shard of a network's firm index. It keeps its members' facts in memory only; which firms
/// belong to it is stored in <see cref="IndexShards.MemberBucketCount"/> small member buckets, so a
/// registration writes one small bucket and a profile change writes nothing here. On activation the
/// shard reads its buckets and reloads the facts from the firm grains.
/// </summary>
[GrainType("index-shard")]
internal sealed class IndexShardGrain(ILogger<IndexShardGrain> logger) : Grain, IIndexShardGrain
{
    /// <summary>How many firm grains a shard asks for facts at once while it loads.</summary>
    private const int LoadParallelism = 32;

    private ShardIndex _index = null!;
    private string? _networkId;

    private string NetworkId => _networkId ??= ResourceIds.SplitKey(this.GetPrimaryKeyString())[0];

    private bool IsAllFirms => ResourceIds.SplitKey(this.GetPrimaryKeyString())[1] == IndexShards.All;

    private IIndexMembersGrain Bucket(string firmId) =>
        GrainFactory.GetGrain<IIndexMembersGrain>(IndexShards.BucketKey(this.GetPrimaryKeyString(), IndexShards.BucketOf(firmId)));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _index = new ShardIndex(ResourceIds.SplitKey(this.GetPrimaryKeyString())[1]);
        var buckets = await Task.WhenAll(Enumerable.Range(0, IndexShards.MemberBucketCount).Select(b =>
            GrainFactory.GetGrain<IIndexMembersGrain>(IndexShards.BucketKey(this.GetPrimaryKeyString(), b)).ListAsync(cancellationToken)));

        // Batches rather than Parallel.ForEachAsync: grain calls must be made from the grain's own
        // scheduler, and awaiting a batch keeps every continuation there.
        var gone = new List<string>();
        foreach (var batch in buckets.SelectMany(b => b).Chunk(LoadParallelism))
        {
            var loads = batch.Select(async firmId =>
            {
                try
                {
                    _index.Upsert(await GrainFactory.GetGrain<IFirmGrain>(ResourceIds.FirmKey(NetworkId, firmId)).GetMatchFactsAsync(cancellationToken));
                }
                catch (DomainException e) when (e.Kind == DomainErrorKind.NotFound)
                {
                    gone.Add(firmId);
                }
            });
            await Task.WhenAll(loads);
        }

        await Task.WhenAll(gone.Select(firmId => Bucket(firmId).RemoveAsync(firmId, cancellationToken)));
        logger.LogDebug("Index shard {Key} loaded {Count} firms", this.GetPrimaryKeyString(), _index.Count);
    }

    public async Task UpsertAsync(FirmMatchFacts facts, CancellationToken cancellationToken = default)
    {
        // An all-firms shard tells the network's skill catalog of a skill it did not know before the
        // firm's change is acknowledged, so a match for it right after finds the firm.
        var firstOffered = IsAllFirms
            ? facts.PublicView.Profile.Capabilities.Select(c => c.Skill).Where(s => !_index.Offers(s)).Distinct(StringComparer.Ordinal).ToList()
            : [];
        if (_index.Upsert(facts))
        {
            await Bucket(facts.FirmId).AddAsync(facts.FirmId, cancellationToken);
        }

        if (firstOffered.Count > 0)
        {
            await GrainFactory.GetGrain<ISkillCatalogGrain>(NetworkId).AddAsync(firstOffered, cancellationToken);
        }
    }

    public Task<IReadOnlyList<string>> SkillsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(_index.Skills.ToList());

    public async Task RemoveAsync(string firmId, CancellationToken cancellationToken = default)
    {
        if (_index.Remove(firmId))
        {
            await Bucket(firmId).RemoveAsync(firmId, cancellationToken);
        }
    }

    public Task<ShardMatch> MatchAsync(MatchQuery query, MatchCaller caller, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult(_index.Rank(query, caller, limit));

    public Task<FirmPage> ListAsync(int limit, string? afterFirmId, CancellationToken cancellationToken = default)
    {
        var members = _index.InIdOrder;
        var start = 0;
        if (afterFirmId is not null)
        {
            // The first member after afterFirmId, by binary search in id order.
            int low = 0, high = members.Count;
            while (low < high)
            {
                var mid = (low + high) / 2;
                if (string.CompareOrdinal(members[mid].FirmId, afterFirmId) <= 0) low = mid + 1; else high = mid;
            }

            start = low;
        }

        var page = members.Skip(start).Take(limit).Select(f => f.PublicView).ToList();
        return Task.FromResult(new FirmPage(page, null, _index.Count));
    }

    public Task<IReadOnlyList<MeetingSuggestion>> SuggestAsync(MatchCaller caller, string callerPerson, int limit, CancellationToken cancellationToken = default)
    {
        var suggestions = new List<MeetingSuggestion>();
        foreach (var facts in _index.InIdOrder)
        {
            var view = facts.PublicView;
            if (view.FirmId == caller.FirmId || view.Suspended || caller.Pairs.GetValueOrDefault(view.FirmId)?.Partner == true)
            {
                continue;
            }

            if (MeetingSuggestions.Suggest(caller, callerPerson, view) is { } suggestion)
            {
                suggestions.Add(suggestion);
            }
        }

        IReadOnlyList<MeetingSuggestion> top = MeetingSuggestions.Rank(suggestions).Take(limit).ToList();
        return Task.FromResult(top);
    }
}
