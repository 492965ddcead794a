using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// Merges a network's directory shards into one ordered, paginated list; a skill no firm offers
/// lists nothing without waking any shard (<see cref="OfferedSkills"/>).
/// </summary>
[StatelessWorker, GrainType("directory")]
internal sealed class DirectoryGrain(TimeProvider clock) : Grain, IDirectoryGrain
{
    private OfferedSkills? _offered;

    public async Task<FirmPage> ListFirmsAsync(string? skill, int pageSize, string? afterFirmId, CancellationToken cancellationToken = default)
    {
        var networkId = this.GetPrimaryKeyString();
        _offered ??= new OfferedSkills(GrainFactory, networkId, clock);
        if (skill is not null && !await _offered.AllOfferedAsync([skill], cancellationToken))
        {
            return new FirmPage([], null, 0);
        }

        var pages = await Task.WhenAll(IndexShards.Keys(networkId, skill ?? IndexShards.All)
            .Select(key => GrainFactory.GetGrain<IIndexShardGrain>(key).ListAsync(pageSize + 1, afterFirmId, cancellationToken)));
        var merged = pages.SelectMany(p => p.Firms).OrderBy(f => f.FirmId, StringComparer.Ordinal).Take(pageSize + 1).ToList();
        var next = merged.Count > pageSize ? merged[pageSize - 1].FirmId : null;
        return new FirmPage(merged.Take(pageSize).ToList(), next, pages.Sum(p => p.TotalSize));
    }
}
