using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// What a referral's deadlines write into its state: the first-contact deadline when the receiver
/// accepts, and the timeline steps its timer asks for (a warning before either deadline, a missed
/// first contact). An answer deadline that passed is the expiry, which the grain records itself.
/// </summary>
internal static class ReferralDeadlineSteps
{
    /// <summary>The receiver accepted at <paramref name="now"/>: first contact is due within the network's business days.</summary>
    public static void OnAccepted(ReferralState s, DateTime now) =>
        s.FirstContact = new FirstContact(now, ReferralDeadlines.FirstContactDue(Sla(s), now));

    /// <summary>Records the warning or missed first contact due at <paramref name="now"/>; true when the state changed.</summary>
    public static bool Record(ReferralState s, DateTime now)
    {
        var deadline = ReferralDeadlines.Current(s.Status, s.CreateTime, s.Draft!.ExpireTime, s.DeadlineWarned, s.FirstContact, Sla(s));
        var step = ReferralDeadlines.Step(deadline, now);
        if (deadline is null || step == DeadlineStep.None || (step == DeadlineStep.Due && deadline.Kind == DeadlineKind.Answer))
        {
            return false;
        }

        var due = Local(s, deadline.DueTime);
        ReferralEvent entry;
        if (deadline.Kind == DeadlineKind.Answer)
        {
            s.DeadlineWarned = true;
            entry = new ReferralEvent(now, "", ReferralEventType.DeadlineWarning, s.Status, $"Unanswered: this proposal expires at {due}.");
        }
        else if (step == DeadlineStep.Warn)
        {
            s.FirstContact = s.FirstContact! with { Warned = true };
            entry = new ReferralEvent(now, "", ReferralEventType.FirstContactWarning, s.Status, $"Accepted but not started: first contact is due by {due}.");
        }
        else
        {
            s.FirstContact = s.FirstContact! with { Missed = true };
            entry = new ReferralEvent(deadline.DueTime, "", ReferralEventType.FirstContactMissed, s.Status, $"No first contact by {due}.");
        }

        s.Version++;
        s.UpdateTime = entry.Time;
        s.Timeline.Add(entry);
        return true;
    }

    /// <summary>The network's policy the referral was made under.</summary>
    public static SlaPolicy Sla(ReferralState s) => s.Draft!.Sla ?? SlaPolicy.Default;

    /// <summary>A due time as the network's members read it: local time in its time zone, named.</summary>
    private static string Local(ReferralState s, DateTime utc)
    {
        var zone = Sla(s).TimeZone;
        var local = TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var tz) ? TimeZoneInfo.ConvertTimeFromUtc(utc, tz) : utc;
        return $"{local:yyyy-MM-dd HH:mm} {(tz is null ? "UTC" : zone)}";
    }
}
