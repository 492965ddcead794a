using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Grpc.Core;

namespace Viidakko.LoadTest.Fuzzing;

/// <summary>One answer worth a closer look, with what it takes to send it again.</summary>
internal sealed record FuzzFinding(
    long Index, string Method, string Generator, string Credential, string Status, string Reason, string Detail,
    bool FromClient, int Length, string Hex, bool HexTruncated);

/// <summary>
/// Counts every answer by method, generator, credentials, status code and error reason. UNKNOWN and
/// INTERNAL answers are findings; other codes the hub never means for a bad request (ABORTED,
/// UNAVAILABLE, DEADLINE_EXCEEDED, UNIMPLEMENTED, ...) are kept as surprises.
/// </summary>
internal sealed class FuzzTally(int keep)
{
    /// <summary>What the hub may answer a fuzzed message with.</summary>
    public static readonly HashSet<StatusCode> Expected =
    [
        StatusCode.OK, StatusCode.InvalidArgument, StatusCode.Unauthenticated, StatusCode.PermissionDenied, StatusCode.NotFound,
        StatusCode.AlreadyExists, StatusCode.FailedPrecondition, StatusCode.ResourceExhausted,
    ];

    private const int MaxHexBytes = 16 * 1024;
    private const int PerMethod = 3;
    private readonly ConcurrentDictionary<string, StrongBox<long>> _kept = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Key, StrongBox<long>> _counts = new();
    private readonly ConcurrentQueue<FuzzFinding> _findings = new();
    private readonly ConcurrentQueue<FuzzFinding> _surprises = new();
    private long _answered;
    private long _findingCount;
    private long _surpriseCount;

    public long Answered => Interlocked.Read(ref _answered);
    public long FindingCount => Interlocked.Read(ref _findingCount);
    public long SurpriseCount => Interlocked.Read(ref _surpriseCount);
    public IReadOnlyList<FuzzFinding> Findings => _findings.ToList();
    public IReadOnlyList<FuzzFinding> Surprises => _surprises.ToList();

    /// <summary>
    /// Records one answer. <paramref name="fromClient"/>: the status was made by this process's gRPC
    /// client (a transport failure), not sent by the hub.
    /// </summary>
    public void Record(FuzzMessage message, StatusCode status, string reason, string detail, bool fromClient)
    {
        var key = new Key(message.Method.FullName, message.Generator, message.Credential.Kind, status, reason, fromClient);
        Interlocked.Increment(ref _counts.GetOrAdd(key, _ => new StrongBox<long>()).Value);
        Interlocked.Increment(ref _answered);
        if (status is StatusCode.Unknown or StatusCode.Internal)
        {
            Keep(_findings, ref _findingCount, message, status, reason, detail, fromClient);
        }
        else if (!Expected.Contains(status))
        {
            Keep(_surprises, ref _surpriseCount, message, status, reason, detail, fromClient);
        }
    }

    /// <summary>Counts grouped by one dimension (and status), sorted by name.</summary>
    public SortedDictionary<string, SortedDictionary<string, long>> By(Func<Key, string> dimension, Func<Key, string> status)
    {
        var result = new SortedDictionary<string, SortedDictionary<string, long>>(StringComparer.Ordinal);
        foreach (var (key, count) in _counts)
        {
            var row = result.TryGetValue(dimension(key), out var existing) ? existing : result[dimension(key)] = new SortedDictionary<string, long>(StringComparer.Ordinal);
            row[status(key)] = row.GetValueOrDefault(status(key)) + count.Value;
        }

        return result;
    }

    /// <summary>Counts by one label alone.</summary>
    public SortedDictionary<string, long> Totals(Func<Key, string> label)
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, count) in _counts)
        {
            result[label(key)] = result.GetValueOrDefault(label(key)) + count.Value;
        }

        return result;
    }

    public long Count(Func<Key, bool> which) => _counts.Where(kv => which(kv.Key)).Sum(kv => kv.Value.Value);

    private void Keep(ConcurrentQueue<FuzzFinding> into, ref long counter, FuzzMessage m, StatusCode status, string reason, string detail, bool fromClient)
    {
        // The first few of each method and code, so one frequent fault cannot hide the others.
        Interlocked.Increment(ref counter);
        var seen = Interlocked.Increment(ref _kept.GetOrAdd($"{m.Method.FullName} {status}", _ => new StrongBox<long>()).Value);
        if (seen > PerMethod || into.Count >= keep)
        {
            return;
        }

        var shown = m.Bytes.Length > MaxHexBytes ? m.Bytes[..MaxHexBytes] : m.Bytes;
        into.Enqueue(new FuzzFinding(m.Index, m.Method.FullName, m.Generator, m.Credential.Describe(), Code(status), reason, detail,
            fromClient, m.Bytes.Length, Convert.ToHexString(shown), m.Bytes.Length > MaxHexBytes));
    }

    /// <summary>The status code as gRPC spells it: INVALID_ARGUMENT, not InvalidArgument.</summary>
    public static string Code(StatusCode status) => status switch
    {
        StatusCode.OK => "OK",
        _ => string.Concat(status.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant(),
    };

    /// <summary>One cell of the tally.</summary>
    public readonly record struct Key(string Method, string Generator, string Credential, StatusCode Status, string Reason, bool FromClient)
    {
        public string Service => Method[..Method.IndexOf('/')];
        public string Code => FuzzTally.Code(Status) + (FromClient ? " (client)" : "");
        /// <summary>The code, and the reason where it says more than the code (MALFORMED_REQUEST, OTHER_NETWORK, ...).</summary>
        public string CodeAndReason => Reason.Length == 0 || Reason == FuzzTally.Code(Status) ? Code : $"{Code} {Reason}";
    }
}
