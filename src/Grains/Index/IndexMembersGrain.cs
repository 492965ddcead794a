using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// One bucket of a shard's member list. Only a shard's load reads it, and a registration or removal
/// writes it, so it does not stay in memory: it leaves right after a load and two minutes after a
/// write (a shard has 64 of them).
/// </summary>
[GrainType("index-members"), CollectionAgeLimit(Minutes = 2)]
internal sealed class IndexMembersGrain(
    [PersistentState("members", GrainStorage.Name)] IPersistentState<IndexMembersState> state) : Grain, IIndexMembersGrain
{
    private StateWriter<IndexMembersState>? _writer;

    private StateWriter<IndexMembersState> Writer => _writer ??= new(state, DeactivateOnIdle);

    public async Task AddAsync(string firmId, CancellationToken cancellationToken = default)
    {
        if (state.State.Members.Add(firmId))
        {
            await Writer.WriteAsync();
        }
    }

    public async Task RemoveAsync(string firmId, CancellationToken cancellationToken = default)
    {
        if (state.State.Members.Remove(firmId))
        {
            await Writer.WriteAsync();
        }
    }

    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        DeactivateOnIdle();
        return Task.FromResult<IReadOnlyList<string>>(state.State.Members.ToList());
    }
}
