using Grpc.Core;

namespace Viidakko.LoadTest;

/// <summary>
/// A watcher's loop: holds a stream, and opens it again from where the watcher stands whenever it
/// ends (a gateway or silo went away) or, with churn, when the watcher drops it itself after 1-10 s,
/// as a member system that restarts now and then would.
/// </summary>
internal static class ResumingStream
{
    /// <summary>
    /// Runs <paramref name="hold"/> (one stream, until its token is cancelled or it ends) until
    /// <paramref name="stop"/>; counts drops by churn and ends it did not ask for.
    /// </summary>
    public static async Task RunAsync(
        Func<CancellationToken, Task> hold, bool churn, Random random, Action churned, Action reconnected, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            using var session = CancellationTokenSource.CreateLinkedTokenSource(stop);
            if (churn)
            {
                session.CancelAfter(TimeSpan.FromMilliseconds(random.Next(1_000, 10_000)));
            }

            try
            {
                await hold(session.Token);
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException)
            {
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                if (session.IsCancellationRequested || e is RpcException { StatusCode: StatusCode.Cancelled })
                {
                    churned();
                }
                else
                {
                    reconnected();
                    await Task.Delay(200, CancellationToken.None);
                }
            }
        }
    }
}
