using Grpc.Core;

namespace Viidakko.Gateway.Tests.Support;

/// <summary>Reading a server stream (a watch) the way the tests do: one message at a time, never waiting forever.</summary>
internal static class Watch
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>The stream's next message; fails when it ends or nothing comes within 15 s.</summary>
    public static async Task<T> NextAsync<T>(IAsyncStreamReader<T> stream)
    {
        using var timeout = new CancellationTokenSource(Patience);
        Assert.True(await stream.MoveNext(timeout.Token), "the watch ended");
        return stream.Current;
    }

    /// <summary>The next message that <paramref name="match"/> accepts, skipping the others (heartbeats).</summary>
    public static async Task<T> NextWhereAsync<T>(IAsyncStreamReader<T> stream, Func<T, bool> match)
    {
        while (true)
        {
            var message = await NextAsync(stream);
            if (match(message))
            {
                return message;
            }
        }
    }
}
