using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>Binds each of the operator's request ids to one request, whatever network or firm it targets.</summary>
[GrainType("operator")]
internal sealed class OperatorGrain(
    [PersistentState("operator", GrainStorage.Name)] IPersistentState<OperatorState> state,
    TimeProvider clock) : Grain, IOperatorGrain
{
    private StateWriter<OperatorState>? _writer;

    private StateWriter<OperatorState> Writer => _writer ??= new(state, DeactivateOnIdle);

    public async Task<bool> BindAsync(RequestTag request, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var log = state.State.ProcessedRequests;
        var retry = RequestLog.IsRetry(log, "operator", request, now);
        RequestLog.Remember(log, "operator", request, now);
        // A retry may have arrived while the first bind's write is still in flight: it answers only
        // once a write that started after it has stored the id.
        if (retry || log.ChangedCount > 0)
        {
            await Writer.WriteAsync();
        }

        return retry;
    }
}
