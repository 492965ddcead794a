namespace Viidakko.Grains.Domain;

/// <summary>
/// The request ids (AIP-155) a grain has carried out, each with what it was for and when. A retry
/// with the same id and the same target is recognised; the same id for another target is refused.
/// An id is remembered for <see cref="Retention"/>; after that its reuse is a new request. A grain
/// keeps at most <see cref="Capacity"/> ids, so a client that sends a new id with every call cannot
/// grow the grain's state without bound.
/// </summary>
/// <remarks>
/// The log is part of the grain's state and is written in the same write as the change each id
/// made, so an acknowledged change and the record that it was done cannot be separated.
/// </remarks>
public static class RequestLog
{
    /// <summary>How long a processed request id is remembered: a retry within this period is recognised.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>At most this many ids per grain; beyond it the oldest are forgotten first.</summary>
    public const int Capacity = 10_000;

    /// <summary>True while an id processed at <paramref name="processedTime"/> is still remembered at <paramref name="now"/>.</summary>
    public static bool IsRemembered(DateTime processedTime, DateTime now) => now - processedTime < Retention;

    /// <summary>
    /// True when <paramref name="requestId"/> already did <paramref name="target"/> within the
    /// retention; throws REQUEST_ID_REUSED when it did something else.
    /// </summary>
    public static bool IsRetry(ItemMap<ProcessedRequest> log, string? requestId, string target, DateTime now)
    {
        if (requestId is not { Length: > 0 } || !log.TryGetValue(requestId, out var seen) || !IsRemembered(seen.Time, now))
        {
            return false;
        }

        return seen.Target == target ? true : throw DomainException.RequestIdReused();
    }

    /// <summary>
    /// Records that <paramref name="requestId"/> did <paramref name="target"/> at <paramref name="now"/>,
    /// forgetting ids older than the retention and, beyond <paramref name="capacity"/>, the oldest.
    /// A retry keeps the time of the first attempt: retrying does not extend the retention.
    /// </summary>
    public static void Remember(ItemMap<ProcessedRequest> log, string? requestId, string target, DateTime now, int capacity = Capacity)
    {
        Prune(log, now);
        if (requestId is not { Length: > 0 })
        {
            return;
        }

        if (!log.TryGetValue(requestId, out var seen) || seen.Target != target)
        {
            log[requestId] = new ProcessedRequest(target, now);
        }

        while (log.Count > capacity)
        {
            log.Remove(Oldest(log, except: requestId));
        }
    }

    /// <summary>
    /// True when <paramref name="request"/> was already carried out in <paramref name="scope"/> (whose
    /// ids these are: a firm, the operator) within the retention; REQUEST_ID_REUSED when its id came
    /// with another request (another fingerprint).
    /// </summary>
    public static bool IsRetry(ItemMap<ProcessedRequest> log, string scope, RequestTag? request, DateTime now) =>
        IsRetry(log, Key(scope, request), request?.Fingerprint ?? "", now);

    /// <summary>Records that <paramref name="request"/> was carried out in <paramref name="scope"/>.</summary>
    public static void Remember(ItemMap<ProcessedRequest> log, string scope, RequestTag? request, DateTime now) =>
        Remember(log, Key(scope, request), request?.Fingerprint ?? "", now);

    /// <summary>
    /// Forgets <paramref name="request"/> when it is remembered as carried out by this very request
    /// (a relayed call that failed: its id binds nothing).
    /// </summary>
    public static void Forget(ItemMap<ProcessedRequest> log, string scope, RequestTag? request)
    {
        if (Key(scope, request) is { } key && log.TryGetValue(key, out var seen) && seen.Target == request!.Fingerprint)
        {
            log.Remove(key);
        }
    }

    private static string? Key(string scope, RequestTag? request) => request is null ? null : $"{scope}:{request.Id}";

    private static void Prune(ItemMap<ProcessedRequest> log, DateTime now)
    {
        List<string>? expired = null;
        foreach (var (id, request) in log)
        {
            if (!IsRemembered(request.Time, now))
            {
                (expired ??= []).Add(id);
            }
        }

        expired?.ForEach(id => log.Remove(id));
    }

    /// <summary>
    /// The id processed first other than <paramref name="except"/> (the one just recorded); ties
    /// (the same clock tick) go by id, so the choice is deterministic.
    /// </summary>
    private static string Oldest(ItemMap<ProcessedRequest> log, string except)
    {
        string? oldest = null;
        var oldestTime = DateTime.MaxValue;
        foreach (var (id, request) in log)
        {
            if (id == except)
            {
                continue;
            }

            if (request.Time < oldestTime || (request.Time == oldestTime && string.CompareOrdinal(id, oldest) < 0))
            {
                (oldest, oldestTime) = (id, request.Time);
            }
        }

        return oldest!;
    }
}
