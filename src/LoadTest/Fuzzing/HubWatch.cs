using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Health.V1;

namespace Viidakko.LoadTest.Fuzzing;

/// <summary>One reading of the hub's resident memory.</summary>
internal sealed record MemorySample(double Seconds, long Messages, long RssBytes);

/// <summary>
/// Watches the hub while it is fuzzed: samples its resident set size from <c>/proc/PID/status</c>,
/// notices when the process is gone, and asks gRPC health at the end. For a hub in this process the
/// samples are this process's (fuzzer and hub together).
/// </summary>
internal sealed class HubWatch(int? processId, string source)
{
    private readonly List<MemorySample> _samples = [];

    /// <summary>Which process the samples are of.</summary>
    public string Source { get; } = source;
    public IReadOnlyList<MemorySample> Samples
    {
        get
        {
            lock (_samples)
            {
                return _samples.ToList();
            }
        }
    }

    public int Pid { get; } = processId ?? Environment.ProcessId;

    /// <summary>True while the process exists and is no zombie.</summary>
    public bool Alive()
    {
        var state = Field("State:");
        return state is not null && !state.StartsWith('Z') && !state.StartsWith('X');
    }

    /// <summary>Resident set size in bytes; null when the process is gone.</summary>
    public long? Rss() => Field("VmRSS:") is { } value && long.TryParse(value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : null;

    /// <summary>Samples every <paramref name="every"/> until cancelled; stops (and says so) when the process dies.</summary>
    public async Task SampleAsync(TimeSpan every, Stopwatch clock, Func<long> messages, Action onDeath, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            if (!Sample(clock, messages()))
            {
                onDeath();
                return;
            }

            try
            {
                await Task.Delay(every, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Takes one sample; false when the process is gone.</summary>
    public bool Sample(Stopwatch clock, long messages)
    {
        if (Rss() is not { } rss || !Alive())
        {
            return false;
        }

        lock (_samples)
        {
            _samples.Add(new MemorySample(Math.Round(clock.Elapsed.TotalSeconds, 1), messages, rss));
        }

        return true;
    }

    /// <summary>gRPC health of the hub, or what went wrong asking it.</summary>
    public static async Task<string> HealthAsync(CallInvoker invoker)
    {
        try
        {
            var reply = await new Health.HealthClient(invoker).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
            return reply.Status.ToString().ToUpperInvariant() switch
            {
                "SERVING" => "SERVING",
                "NOTSERVING" => "NOT_SERVING",
                var other => other,
            };
        }
        catch (RpcException e)
        {
            return $"no answer ({FuzzTally.Code(e.StatusCode)})";
        }
    }

    private string? Field(string name)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            {
                if (line.StartsWith(name, StringComparison.Ordinal))
                {
                    return line[name.Length..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
