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

    private readonly SortedDictionary<string, FirmMatchFacts> _facts = new(StringComparer.Ordinal);
    private FirmMatchFacts[]? _scan;
    private string? _networkId;

    /// <summary>The members as a flat array for matching; rebuilt only after a change.</summary>
    private FirmMatchFacts[] Scan => _scan ??= _facts.Values.ToArray();

    private string NetworkId => _networkId ??= ResourceIds.SplitKey(this.GetPrimaryKeyString())[0];

    private IIndexMembersGrain Bucket(string firmId) =>
        GrainFactory.GetGrain<IIndexMembersGrain>(IndexShards.BucketKey(this.GetPrimaryKeyString(), IndexShards.BucketOf(firmId)));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var buckets = await Task.WhenAll(Enumerable.Range(0, IndexShards.MemberBucketCount).Select(b =>
            GrainFactory.GetGrain<IIndexMembersGrain>(IndexShards.BucketKey(this.GetPrimaryKeyString(), b)).ListAsync(cancellationToken)));

        // Batches rather than Parallel.ForEachAsync: grain calls must be made from the grain's own
        // scheduler, and awaiting a batch keeps every continuation there.
        var gone = new List<string>();
        _scan = null;
        foreach (var batch in buckets.SelectMany(b => b).Chunk(LoadParallelism))
        {
            var loads = batch.Select(async firmId =>
            {
                try
                {
                    _facts[firmId] = await GrainFactory.GetGrain<IFirmGrain>(ResourceIds.FirmKey(NetworkId, firmId)).GetMatchFactsAsync(cancellationToken);
                }
                catch (DomainException e) when (e.Kind == DomainErrorKind.NotFound)
                {
                    gone.Add(firmId);
                }
            });
            await Task.WhenAll(loads);
        }

        await Task.WhenAll(gone.Select(firmId => Bucket(firmId).RemoveAsync(firmId, cancellationToken)));
        logger.LogDebug("Index shard {Key} loaded {Count} firms", this.GetPrimaryKeyString(), _facts.Count);
    }

    public async Task UpsertAsync(FirmMatchFacts facts, CancellationToken cancellationToken = default)
    {
        var isNew = !_facts.ContainsKey(facts.FirmId);
        _facts[facts.FirmId] = facts;
        _scan = null;
        if (isNew)
        {
            await Bucket(facts.FirmId).AddAsync(facts.FirmId, cancellationToken);
        }
    }

    public async Task RemoveAsync(string firmId, CancellationToken cancellationToken = default)
    {
        if (_facts.Remove(firmId))
        {
            _scan = null;
            await Bucket(firmId).RemoveAsync(firmId, cancellationToken);
        }
    }

    public Task<ShardMatch> MatchAsync(MatchQuery query, MatchCaller caller, int limit, CancellationToken cancellationToken = default)
    {
        var ranked = new List<(double Score, FirmView View, PairFacts Pair)>();
        var exclusions = new List<MatchExclusion>();
        var none = new PairFacts(false, null, 0, 0, 0);
        var callerIdentities = ClientIdentity.Parts(caller.ClientIdentity);
        var scan = Scan;
        for (var i = 0; i < scan.Length; i++)
        {
            var facts = scan[i];
            var view = facts.PublicView;
            if (!MatchScoring.MeetsSkills(query, view.Profile))
            {
                continue;
            }

            if (view.FirmId == caller.FirmId)
            {
                exclusions.Add(new MatchExclusion(view.FirmId, ExclusionReason.Self, "This is your own firm."));
                continue;
            }

            if (view.Suspended)
            {
                exclusions.Add(new MatchExclusion(view.FirmId, ExclusionReason.Suspended, "Suspended by the hub operator."));
                continue;
            }

            if (caller.DeclinedBefore.Contains(view.FirmId))
            {
                exclusions.Add(new MatchExclusion(view.FirmId, ExclusionReason.DeclinedClientBefore, "Declined this same client before."));
                continue;
            }

            if (callerIdentities.Length > 0 && callerIdentities.Any(facts.ClientIdentities.Contains))
            {
                // Naming the firm would tell the caller about another firm's clients.
                exclusions.Add(new MatchExclusion("", ExclusionReason.CustodyConflict, "A firm that already works with this client, or is bound not to take it, was left out."));
                continue;
            }

            var pair = caller.Pairs.GetValueOrDefault(view.FirmId) ?? none;
            ranked.Add((MatchScoring.Total(query, caller.Traits, view, pair, caller.Today), view, pair));
        }

        // Rank every candidate by its number; explain only the ones this shard returns.
        var top = ranked
            .OrderByDescending(c => c.Score).ThenBy(c => c.View.FirmId, StringComparer.Ordinal)
            .Take(limit)
            .Select(c =>
            {
                var (score, parts) = MatchScoring.Score(query, caller.Traits, c.View, c.Pair, caller.Today);
                var suggestion = c.Pair.Partner
                    ? "Already a partner: you can refer this work right away."
                    : "Not a partner yet: propose a handshake before referring work.";
                return new MatchCandidate(c.View.FirmId, c.View.Profile.DisplayName, c.View.Profile.City, score, parts, c.Pair.Partner,
                    suggestion, c.View.Standing.Reputation, c.View.Standing.RatingCount);
            })
            .ToList();
        return Task.FromResult(new ShardMatch(top, ranked.Count, exclusions));
    }

    public Task<FirmPage> ListAsync(int limit, string? afterFirmId, CancellationToken cancellationToken = default)
    {
        var page = _facts.Values
            .Where(f => afterFirmId is null || string.CompareOrdinal(f.FirmId, afterFirmId) > 0)
            .Take(limit)
            .Select(f => f.PublicView)
            .ToList();
        return Task.FromResult(new FirmPage(page, null, _facts.Count));
    }

    public Task<IReadOnlyList<MeetingSuggestion>> SuggestAsync(MatchCaller caller, string callerPerson, int limit, CancellationToken cancellationToken = default)
    {
        var suggestions = new List<MeetingSuggestion>();
        foreach (var facts in _facts.Values)
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
