using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// A firm's request ids: whether a request is a retry, storing an id with the write its change
/// causes, and relaying a request to the grain that owns the resource with the id bound here.
/// </summary>
internal sealed class FirmRequests(FirmState state, StateWriter<FirmState> writer, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Whether <paramref name="request"/> was already applied under <paramref name="scope"/>.</summary>
    public bool IsRetry(string scope, RequestTag? request) => RequestLog.IsRetry(state.ProcessedRequests, scope, request, Now);

    /// <summary>Persists the state with the request id that changed it.</summary>
    public Task SaveAsync(string scope, RequestTag? request)
    {
        RequestLog.Remember(state.ProcessedRequests, scope, request, Now);
        return writer.WriteAsync();
    }

    /// <summary>
    /// Binds the request id to this request and passes the call on to the grain that owns the
    /// resource; a retry is passed on too (that grain recognises it). The id is taken before the call,
    /// so it is stored with the write of what <paramref name="learn"/> takes from the answer (true when
    /// it changed the state), and let go when the call fails: like every other mutation, a request
    /// binds its id only when it succeeds.
    /// </summary>
    public async Task<T> RelayAsync<T>(string scope, RequestTag? request, Func<Task<T>> call, Func<T, Task<bool>> learn)
    {
        var retry = IsRetry(scope, request);
        RequestLog.Remember(state.ProcessedRequests, scope, request, Now);
        T result;
        try
        {
            result = await call();
        }
        catch when (!retry)
        {
            RequestLog.Forget(state.ProcessedRequests, scope, request);
            throw;
        }

        if (await learn(result) | state.ProcessedRequests.ChangedCount > 0)
        {
            await writer.WriteAsync();
        }

        return result;
    }
}
