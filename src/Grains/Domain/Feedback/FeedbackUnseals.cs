namespace Viidakko.Grains.Domain;

/// <summary>
/// When a firm's feed tells it that a rating unsealed (both sides rated, or the seal ran out): once
/// per rating it gave or received. Ratings still sealed wait in a small set (not the whole history),
/// which the firm's timer checks at the next unseal time.
/// </summary>
public static class FeedbackUnseals
{
    /// <summary>The key of a rating in the ledger and the waiting set.</summary>
    public static string Key(FeedbackRecord r) => $"{r.ReferralId}/{r.RaterFirmId}";

    /// <summary>
    /// Ratings of one referral as its grain reported them: those unsealed now and not announced before
    /// become events (a rating first seen unsealed included); those still sealed wait.
    /// </summary>
    public static IReadOnlyList<FirmEvent> Learned(string firmId, IReadOnlyList<FeedbackRecord> ratings, Func<string, bool> known, ISet<string> waiting, DateTime now)
    {
        var events = new List<FirmEvent>();
        foreach (var r in ratings.OrderBy(r => r.UnsealTime))
        {
            var key = Key(r);
            if (!r.IsUnsealed(now))
            {
                waiting.Add(key);
            }
            else if (waiting.Remove(key) || !known(key))
            {
                events.Add(Event(firmId, r, now));
            }
        }

        return events;
    }

    /// <summary>The waiting ratings that unsealed by <paramref name="now"/>, as events (removed from the set).</summary>
    public static IReadOnlyList<FirmEvent> Due(string firmId, Func<string, FeedbackRecord?> find, ISet<string> waiting, DateTime now)
    {
        var due = waiting.Select(find).OfType<FeedbackRecord>().Where(r => r.IsUnsealed(now)).OrderBy(r => r.UnsealTime).ToList();
        foreach (var r in due)
        {
            waiting.Remove(Key(r));
        }

        foreach (var gone in waiting.Where(key => find(key) is null).ToList())
        {
            waiting.Remove(gone);
        }

        return due.Select(r => Event(firmId, r, now)).ToList();
    }

    /// <summary>When the next waiting rating unseals; null when none waits.</summary>
    public static DateTime? NextUnseal(Func<string, FeedbackRecord?> find, IEnumerable<string> waiting) =>
        waiting.Select(find).OfType<FeedbackRecord>().Select(r => (DateTime?)r.UnsealTime).Min();

    private static FirmEvent Event(string firmId, FeedbackRecord r, DateTime now) => new(
        0, r.UnsealTime < now ? r.UnsealTime : now, FirmEventType.FeedbackUnsealed, FirmEventSubject.Referral, r.ReferralId, r.RaterFirmId, "UNSEALED",
        r.RaterFirmId == firmId ? "GIVEN" : "RECEIVED");
}
