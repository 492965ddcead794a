namespace Viidakko.Grains.Domain;

/// <summary>
/// A referral's deadlines for its receiver: answer the proposal by its expire time, then, once
/// accepted, make first contact with the client by the network's first-contact deadline. Each warns
/// both firms before it is due, and each receiving firm's timer wakes at the earliest warning or due
/// time among its referrals.
/// </summary>
public static class ReferralDeadlines
{
    /// <summary>How long before the due time the receiver is warned, at most.</summary>
    public static readonly TimeSpan WarningLead = TimeSpan.FromDays(1);

    /// <summary>The warning time: a day before the due time, or a quarter of the window before it when the window is shorter than four days.</summary>
    public static DateTime WarningTime(DateTime start, DateTime due)
    {
        var window = due - start;
        var lead = window < 4 * WarningLead ? window / 4 : WarningLead;
        return due - lead;
    }

    /// <summary>
    /// The warning time in the network's business time: a business day before the due time, or a
    /// quarter of a window shorter than four business days (a Monday-morning deadline warns on Friday,
    /// not on Sunday). A window with no business time in it falls back to <see cref="WarningTime(DateTime, DateTime)"/>.
    /// </summary>
    public static DateTime WarningTime(SlaPolicy sla, DateTime start, DateTime due)
    {
        var calendar = Calendar(sla);
        var window = calendar.BusinessTimeBetween(start, due);
        if (window <= TimeSpan.Zero)
        {
            return WarningTime(start, due);
        }

        var day = calendar.BusinessDayLength;
        var lead = window < 4 * day ? window / 4 : day;
        var warning = calendar.AddBusinessDays(start, (double)(window - lead).Ticks / day.Ticks);
        return warning < due ? warning : WarningTime(start, due);
    }

    // A calendar per policy in use (a network has one; they are few), made once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<SlaPolicy, BusinessCalendar> Calendars = new();

    /// <summary>The first-contact deadline of a referral accepted at <paramref name="acceptTime"/> under <paramref name="sla"/>.</summary>
    public static DateTime FirstContactDue(SlaPolicy sla, DateTime acceptTime) =>
        Calendar(sla).AddBusinessDays(acceptTime, sla.FirstContactBusinessDays);

    /// <summary>The default expire time of a proposal made at <paramref name="createTime"/> under <paramref name="sla"/>.</summary>
    public static DateTime AnswerDue(SlaPolicy sla, DateTime createTime) =>
        Calendar(sla).AddBusinessDays(createTime, sla.ResponseBusinessDays);

    private static BusinessCalendar Calendar(SlaPolicy sla) => Calendars.GetOrAdd(sla, static p => new BusinessCalendar(p));

    /// <summary>
    /// The receiver's current deadline: the answer while proposed, first contact while accepted and
    /// not yet started (unless already missed); null otherwise.
    /// </summary>
    /// <remarks>
    /// Warnings count the business time of <paramref name="sla"/>; without one (a summary stored before
    /// firms kept deadlines), calendar time.
    /// </remarks>
    public static ReferralDeadline? Current(
        ReferralStatus status, DateTime createTime, DateTime expireTime, bool answerWarned, FirstContact? firstContact, SlaPolicy? sla = null) =>
        status switch
        {
            ReferralStatus.Proposed => new ReferralDeadline(DeadlineKind.Answer, expireTime, Warning(sla, createTime, expireTime), answerWarned),
            ReferralStatus.Accepted when firstContact is { Missed: false } fc =>
                new ReferralDeadline(DeadlineKind.FirstContact, fc.Due, Warning(sla, fc.AcceptTime, fc.Due), fc.Warned),
            _ => null,
        };

    private static DateTime Warning(SlaPolicy? sla, DateTime start, DateTime due) =>
        sla is null ? WarningTime(start, due) : WarningTime(sla, start, due);

    /// <summary>What is due on <paramref name="deadline"/> at <paramref name="now"/>.</summary>
    public static DeadlineStep Step(ReferralDeadline? deadline, DateTime now) => deadline switch
    {
        null => DeadlineStep.None,
        _ when now >= deadline.DueTime => DeadlineStep.Due,
        { Warned: false } when now >= deadline.WarningTime => DeadlineStep.Warn,
        _ => DeadlineStep.None,
    };

    /// <summary>
    /// When a receiving firm's deadline timer should next wake: the earliest warning or due time among
    /// its referrals with a deadline (a warning already past counts as its due time); null when none is left.
    /// </summary>
    public static DateTime? EarliestWake(IEnumerable<ReferralSummary> awaiting, DateTime now)
    {
        DateTime? earliest = null;
        foreach (var d in Deadlines(awaiting))
        {
            var wake = now < d.Deadline.WarningTime ? d.Deadline.WarningTime : d.Deadline.DueTime;
            if (earliest is null || wake < earliest)
            {
                earliest = wake;
            }
        }

        return earliest;
    }

    /// <summary>The referrals whose warning or due time has come at <paramref name="now"/>.</summary>
    public static IEnumerable<ReferralSummary> Due(IEnumerable<ReferralSummary> awaiting, DateTime now) =>
        Deadlines(awaiting).Where(d => now >= d.Deadline.WarningTime).Select(d => d.Referral);

    /// <summary>The deadline a summary carries (a summary stored before deadlines were carried: its answer deadline while proposed).</summary>
    public static ReferralDeadline? Of(ReferralSummary r) =>
        r.Deadline ?? Current(r.Status, r.CreateTime, r.ExpireTime, answerWarned: false, firstContact: null);

    private static IEnumerable<(ReferralSummary Referral, ReferralDeadline Deadline)> Deadlines(IEnumerable<ReferralSummary> referrals)
    {
        foreach (var r in referrals)
        {
            if (Of(r) is { } d)
            {
                yield return (r, d);
            }
        }
    }
}
