using Grpc.Core;

namespace Viidakko.LoadTest;

/// <summary>
/// Retries a call that failed with a status a member system retries (UNAVAILABLE,
/// DEADLINE_EXCEEDED, ABORTED), as the same call: with a request id, the hub applies it once.
/// </summary>
internal static class Transient
{
    /// <summary>Attempts of one call: about half a minute of backing off.</summary>
    public const int MaxAttempts = 40;

    public static bool IsTransient(RpcException e) =>
        e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted;

    /// <summary>Runs <paramref name="call"/> until it succeeds, fails otherwise, or runs out of attempts.</summary>
    public static async Task<T> RetryAsync<T>(Func<AsyncUnaryCall<T>> call, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (IsTransient(e) && attempt < MaxAttempts && !ct.IsCancellationRequested)
            {
                await Task.Delay(Backoff(attempt), ct);
            }
        }
    }

    /// <summary>How long to wait after failed attempt <paramref name="attempt"/>.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(1000, 100 * attempt));
}
