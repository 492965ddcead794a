using Orleans.Concurrency;

namespace Viidakko;

/// <summary>
/// One bucket of an index shard's member list. The list is split so that adding a member rewrites a
/// small bucket, not a list that grows with the network. Key: <c>network/skill/shard/bucket</c>.
/// </summary>
[Alias("viidakko.IIndexMembersGrain")]
public interface IIndexMembersGrain : IGrainWithStringKey
{
    [Alias("Add")] Task AddAsync(string firmId, CancellationToken cancellationToken = default);
    [Alias("Remove")] Task RemoveAsync(string firmId, CancellationToken cancellationToken = default);
    [Alias("List")] Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default);
}
