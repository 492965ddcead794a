using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Viidakko.LoadTest;

/// <summary>
/// Measures a spawned hub's live memory through its benchmark-only switch: SIGUSR1 makes the hub
/// run a full compacting collection and print <c>benchmark-memory: rss=... heap=...</c>.
/// </summary>
internal sealed partial class MemoryProbe(Process process)
{
    private const string Prefix = "benchmark-memory:";
    private const int SigUsr1 = 10;
    private TaskCompletionSource<(long Rss, long Heap)>? _pending;

    /// <summary>Asks the hub for its memory after a full collection.</summary>
    public async Task<(long RssBytes, long ManagedHeapBytes)> MeasureAsync(CancellationToken cancellationToken)
    {
        var pending = new TaskCompletionSource<(long, long)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending = pending;
        if (Kill(process.Id, SigUsr1) != 0)
        {
            throw new InvalidOperationException("could not signal the hub");
        }

        return await pending.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>Reads one line of the hub's output.</summary>
    public void Observe(string? line)
    {
        if (line is null || !line.StartsWith(Prefix, StringComparison.Ordinal) || _pending is not { } pending)
        {
            return;
        }

        var values = line[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('='))
            .ToDictionary(kv => kv[0], kv => long.Parse(kv[1], CultureInfo.InvariantCulture));
        pending.TrySetResult((values["rss"], values["heap"]));
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
