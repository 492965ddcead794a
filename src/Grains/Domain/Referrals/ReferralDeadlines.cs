namespace Viidakko.Grains.Domain;

/// <summary>
/// When an unanswered proposal warns its firms, and when its receiver's deadline timer next wakes:
/// at the earliest warning or expiry among the proposals it has not answered.
/// </summary>
public static class ReferralDeadlines
{
    /// <summary>How long before the expire time the receiver is warned, at most.</summary>
    public static readonly TimeSpan WarningLead = TimeSpan.FromDays(1);

    /// <summary>The warning time: a day before the expire time, or a quarter of the window before it when the window is shorter than four days.</summary>
    public static DateTime WarningTime(DateTime createTime, DateTime expireTime)
    {
        var window = expireTime - createTime;
        var lead = window < 4 * WarningLead ? window / 4 : WarningLead;
        return expireTime - lead;
    }

    /// <summary>
    /// When a receiving firm's deadline timer should next wake: the earliest warning or expiry among
    /// its unanswered proposals (a warning already past counts as its expiry); null when none is left.
    /// </summary>
    public static DateTime? EarliestWake(IEnumerable<ReferralSummary> awaitingAnswer, DateTime now)
    {
        DateTime? earliest = null;
        foreach (var r in awaitingAnswer)
        {
            var warning = WarningTime(r.CreateTime, r.ExpireTime);
            var wake = now < warning ? warning : r.ExpireTime;
            if (earliest is null || wake < earliest)
            {
                earliest = wake;
            }
        }

        return earliest;
    }

    /// <summary>The proposals whose warning or expiry is due at <paramref name="now"/>.</summary>
    public static IEnumerable<ReferralSummary> Due(IEnumerable<ReferralSummary> awaitingAnswer, DateTime now) =>
        awaitingAnswer.Where(r => now >= WarningTime(r.CreateTime, r.ExpireTime));
}
