namespace Viidakko.Grains;

/// <summary>
/// Serializes writes of one grain's state. Interleaved calls (partner notifications) may ask to
/// persist while another write is in flight; they wait for the next write, which carries their
/// change too, so no two writes ever race on the ETag and many changes share one write.
/// </summary>
/// <remarks><paramref name="onWritten"/> runs after each write that reached storage (before its waiters resume).</remarks>
internal sealed class StateWriter<T>(IPersistentState<T> state, Action onFailure, Action? onWritten = null)
{
    private bool _writing;
    private TaskCompletionSource? _next;

    /// <summary>Completes once a write that started after this call has reached storage.</summary>
    public async Task WriteAsync()
    {
        if (_writing)
        {
            _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await _next.Task;
            return;
        }

        _writing = true;
        try
        {
            await WriteOnceAsync();
        }
        finally
        {
            while (_next is { } waiting)
            {
                _next = null;
                try
                {
                    await WriteOnceAsync();
                    waiting.SetResult();
                }
                catch (Exception ex)
                {
                    waiting.SetException(ex);
                }
            }

            _writing = false;
        }
    }

    private async Task WriteOnceAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory now differs from storage: let the activation go so the next call reloads.
            onFailure();
            throw;
        }

        onWritten?.Invoke();
    }
}
