namespace Viidakko.Grains.Domain;

/// <summary>
/// What two partners may learn of their common clients: the lesser of the two firms' choices
/// (names only where both share names with each other), counts below a threshold blurred, and
/// clients matched on their normalized identities only.
/// </summary>
public static class OverlapRules
{
    /// <summary>A firm's sharing with a partner: its own choice, else the network's default, else nothing.</summary>
    public static OverlapSharing Effective(OverlapSharing choice, OverlapSharing networkDefault) =>
        choice != OverlapSharing.Unspecified ? choice
        : networkDefault != OverlapSharing.Unspecified ? networkDefault
        : OverlapSharing.Nothing;

    /// <summary>What both firms allow: the lesser of their two levels.</summary>
    public static OverlapSharing Mutual(OverlapSharing a, OverlapSharing b) => (OverlapSharing)Math.Min((int)a, (int)b);

    /// <summary>The asker's clients (by id) that share an identity with any of the responder's clients.</summary>
    public static List<string> Matches(IReadOnlyList<ClientIdentityEntry> askerClients, IReadOnlyList<ClientIdentityEntry> responderClients)
    {
        var theirs = responderClients.SelectMany(c => ClientIdentity.Parts(c.Identity)).ToHashSet(StringComparer.Ordinal);
        return askerClients.Where(c => ClientIdentity.Parts(c.Identity).Any(theirs.Contains)).Select(c => c.ClientId)
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// For each of the asker's matched clients, the responder's client it matched (for the
    /// responder's own name of it; the first by id when several do).
    /// </summary>
    public static Dictionary<string, string> Counterparts(
        IReadOnlyList<string> matched, IReadOnlyList<ClientIdentityEntry> askerClients, IReadOnlyList<ClientIdentityEntry> responderClients)
    {
        var byPart = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in responderClients.OrderBy(c => c.ClientId, StringComparer.Ordinal))
        {
            foreach (var part in ClientIdentity.Parts(c.Identity))
            {
                byPart.TryAdd(part, c.ClientId);
            }
        }

        var identities = askerClients.ToDictionary(c => c.ClientId, c => c.Identity, StringComparer.Ordinal);
        return matched.ToDictionary(
            id => id,
            id => ClientIdentity.Parts(identities[id]).Select(p => byPart.GetValueOrDefault(p)).First(c => c is not null)!,
            StringComparer.Ordinal);
    }

    /// <summary>
    /// The answer as the asker may see it: nothing at <see cref="OverlapSharing.Nothing"/>; at
    /// counts, the count from <see cref="OverlapLimits.CountThreshold"/> up and "fewer than" below
    /// it; at names, the count and the clients (at most <see cref="OverlapLimits.MaxNames"/>).
    /// </summary>
    public static OverlapResult Result(string partnerFirmId, OverlapSharing sharing, int count, IReadOnlyList<CommonClient> names) => sharing switch
    {
        OverlapSharing.Names => new OverlapResult(partnerFirmId, sharing, count, false, names.Take(OverlapLimits.MaxNames).ToList()),
        OverlapSharing.Counts when count < OverlapLimits.CountThreshold => new OverlapResult(partnerFirmId, sharing, null, true, []),
        OverlapSharing.Counts => new OverlapResult(partnerFirmId, sharing, count, false, []),
        _ => new OverlapResult(partnerFirmId, OverlapSharing.Nothing, null, false, []),
    };

    /// <summary>
    /// Takes one query from a firm's daily quota (UTC days), or refuses with RESOURCE_EXHAUSTED and
    /// the time until the next day.
    /// </summary>
    public static (DateOnly Day, int Used) TakeQuota(DateOnly day, int used, DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        if (day != today)
        {
            return (today, 1);
        }

        if (used >= OverlapLimits.QueriesPerDay)
        {
            var tomorrow = today.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            throw DomainException.Exhausted(Reasons.OverlapQuotaExceeded,
                $"A firm may make {OverlapLimits.QueriesPerDay} overlap queries a day; the next is possible from {tomorrow:yyyy-MM-dd HH:mm} UTC.",
                tomorrow - now);
        }

        return (today, used + 1);
    }

    /// <summary>Forgets recorded queries older than the retention, and beyond the most kept the oldest.</summary>
    public static void Prune(ItemMap<OverlapQueryRecord> records, DateTime now)
    {
        var expired = records.Where(r => now - r.Value.Time >= OverlapLimits.Retention).Select(r => r.Key).ToList();
        var beyond = records.Count - expired.Count - OverlapLimits.MaxRecords;
        if (beyond > 0)
        {
            expired.AddRange(records.Where(r => now - r.Value.Time < OverlapLimits.Retention)
                .OrderBy(r => r.Value.Time).ThenBy(r => r.Key, StringComparer.Ordinal).Take(beyond).Select(r => r.Key));
        }

        expired.ForEach(key => records.Remove(key));
    }
}
