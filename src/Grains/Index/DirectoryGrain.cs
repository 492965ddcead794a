using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>Merges a network's directory shards into one ordered, paginated list.</summary>
[StatelessWorker, GrainType("directory")]
internal sealed class DirectoryGrain : Grain, IDirectoryGrain
{
    public async Task<FirmPage> ListFirmsAsync(string? skill, int pageSize, string? afterFirmId, CancellationToken cancellationToken = default)
    {
        var networkId = this.GetPrimaryKeyString();
        var pages = await Task.WhenAll(IndexShards.Keys(networkId, skill ?? IndexShards.All)
            .Select(key => GrainFactory.GetGrain<IIndexShardGrain>(key).ListAsync(pageSize + 1, afterFirmId, cancellationToken)));
        var merged = pages.SelectMany(p => p.Firms).OrderBy(f => f.FirmId, StringComparer.Ordinal).Take(pageSize + 1).ToList();
        var next = merged.Count > pageSize ? merged[pageSize - 1].FirmId : null;
        return new FirmPage(merged.Take(pageSize).ToList(), next, pages.Sum(p => p.TotalSize));
    }
}
