namespace Viidakko.Grains.Domain;

/// <summary>
/// The request ids (AIP-155) a grain has recently carried out, each with what it was for. A retry
/// with the same id and the same target is recognised; the same id for another target is refused.
/// Entries are <c>requestId|target</c>, oldest first, and the list is bounded.
/// </summary>
public static class RequestLog
{
    /// <summary>True when <paramref name="requestId"/> already did <paramref name="target"/>; throws REQUEST_ID_REUSED when it did something else.</summary>
    public static bool IsRetry(List<string> log, string? requestId, string target)
    {
        if (requestId is not { Length: > 0 })
        {
            return false;
        }

        var prefix = requestId + "|";
        var seen = log.FirstOrDefault(entry => entry.StartsWith(prefix, StringComparison.Ordinal));
        return seen is null ? false
            : seen.Length == prefix.Length + target.Length && seen.EndsWith(target, StringComparison.Ordinal) ? true
            : throw DomainException.RequestIdReused();
    }

    /// <summary>Records that <paramref name="requestId"/> did <paramref name="target"/>, forgetting the oldest beyond <paramref name="max"/>.</summary>
    public static void Remember(List<string> log, string? requestId, string target, int max)
    {
        if (requestId is not { Length: > 0 } || log.Contains(requestId + "|" + target))
        {
            return;
        }

        log.Add(requestId + "|" + target);
        if (log.Count > max)
        {
            log.RemoveRange(0, log.Count - max);
        }
    }
}
