using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

[GrainType("index-members")]
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

    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Members.ToList());
}
