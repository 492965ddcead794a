namespace Viidakko.Grains.Domain;

/// <summary>How a client's hassle and revenue logs are listed: newest first, by offset.</summary>
public static class ClientLogs
{
    /// <summary>
    /// The page at <paramref name="offset"/> of entries ordered newest first (ties by entry id, so
    /// the order is stable), and the next page's offset, if any.
    /// </summary>
    public static (List<T> Page, int? NextOffset) Newest<T>(
        IReadOnlyCollection<T> entries, Func<T, DateTime> occurTime, Func<T, string> entryId, int pageSize, int offset)
    {
        var page = entries.OrderByDescending(occurTime).ThenByDescending(entryId, StringComparer.Ordinal).Skip(offset).Take(pageSize).ToList();
        return (page, offset + pageSize < entries.Count ? offset + pageSize : null);
    }
}
