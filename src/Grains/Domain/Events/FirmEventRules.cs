namespace Viidakko.Grains.Domain;

/// <summary>
/// Which events a change puts into a firm's feed. Each is built without its position (0), which
/// the firm's log gives it when it is appended.
/// </summary>
public static class FirmEventRules
{
    /// <summary>
    /// The events of a referral's newer summary, one per timeline step this firm has not seen yet
    /// (<paramref name="known"/> is what it held before), in the order they happened: a firm that
    /// missed a notification still gets every step when it learns the next one.
    /// </summary>
    public static IReadOnlyList<FirmEvent> ForReferral(string firmId, ReferralSummary? known, ReferralSummary next)
    {
        var steps = next.Steps ?? [];
        var seen = known switch
        {
            null => 0,
            // Summaries stored before firms kept the count: the steps up to the known update.
            { StepCount: 0 } => steps.Count(s => s.Time <= known.UpdateTime),
            _ => known.StepCount,
        };

        var events = new List<FirmEvent>();
        foreach (var step in steps.Skip(seen))
        {
            var type = TypeOf(step.Type, firmId == next.ReferrerFirmId);
            if (type is not { } t)
            {
                continue;
            }

            var reason = t switch
            {
                FirmEventType.ReferralDeclined => ApiName(next.DeclineReason),
                FirmEventType.ReferralLost => ApiName(next.LostReason),
                _ => "",
            };
            var amount = t == FirmEventType.ReferralFeePaid ? next.FeePaidCents : 0;
            events.Add(Referral(next, t, step.Time, step.ActorFirmId, ApiName(step.StatusAfter), reason, amount));
            if (t == FirmEventType.ReferralWon && next.FeeDueCents > 0)
            {
                events.Add(Referral(next, FirmEventType.ReferralFeeDue, step.Time, FirmEvent.Hub, ApiName(step.StatusAfter), "", next.FeeDueCents));
            }
        }

        return events;
    }

    /// <summary>The event of a partnership half that changed (this firm's own change or its partner's).</summary>
    public static FirmEvent? ForPartnership(PartnershipHalf? before, PartnershipHalf after)
    {
        if (before is not null && before.Version == after.Version && before.Status == after.Status)
        {
            return null;
        }

        FirmEventType? type = after.Status switch
        {
            PartnershipStatus.Proposed => FirmEventType.PartnershipProposed,
            PartnershipStatus.Active => FirmEventType.PartnershipAccepted,
            PartnershipStatus.Declined => FirmEventType.PartnershipDeclined,
            PartnershipStatus.Ended => FirmEventType.PartnershipEnded,
            _ => null,
        };
        return type is { } t
            ? new FirmEvent(0, after.UpdateTime, t, FirmEventSubject.Partnership, after.PartnerFirmId, after.LastActorFirmId, ApiName(after.Status))
            : null;
    }

    /// <summary>The operator suspended or reinstated the firm.</summary>
    public static FirmEvent ForSuspension(string firmId, bool suspended, DateTime now) => new(
        0, now, suspended ? FirmEventType.FirmSuspended : FirmEventType.FirmReinstated, FirmEventSubject.Firm, firmId,
        FirmEvent.Operator, suspended ? "SUSPENDED" : "ACTIVE");

    /// <summary>
    /// The hub offered a declined or expired need on: the event names the new referral (where the need
    /// is now), with why the last hop ended (<c>DECLINED</c> or <c>EXPIRED</c>). The referrer's feed only.
    /// </summary>
    public static FirmEvent ForReroute(ReferralSummary from, string toReferralId, DateTime now) => new(
        0, now, FirmEventType.ReferralRerouted, FirmEventSubject.Referral, toReferralId, FirmEvent.Hub, "PROPOSED", ApiName(from.Status), from.Kind);

    /// <summary>Re-routing stopped: no partner left to offer the need to, or the hops asked for are used up. The need is back with the referrer.</summary>
    public static FirmEvent ForRerouteExhausted(ReferralSummary last, string reason, DateTime now) => new(
        0, now, FirmEventType.ReferralRerouteExhausted, FirmEventSubject.Referral, last.ReferralId, FirmEvent.Hub, ApiName(last.Status), reason, last.Kind);

    /// <summary>The firm's API key was replaced.</summary>
    public static FirmEvent ForKeyRotation(string firmId, DateTime now) => new(
        0, now, FirmEventType.ApiKeyRotated, FirmEventSubject.Firm, firmId, FirmEvent.Operator, "ACTIVE");

    /// <summary>An enum member as the API spells it: <c>InProgress</c> is <c>IN_PROGRESS</c>; unspecified is empty.</summary>
    public static string ApiName<TEnum>(TEnum value) where TEnum : struct, Enum
    {
        if (Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return "";
        }

        var name = value.ToString();
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append('_');
            }

            text.Append(char.ToUpperInvariant(name[i]));
        }

        return text.ToString();
    }

    private static FirmEvent Referral(ReferralSummary r, FirmEventType type, DateTime time, string actor, string state, string reason, long amount) =>
        new(0, time, type, FirmEventSubject.Referral, r.ReferralId, actor, state, reason, r.Kind, amount);

    private static FirmEventType? TypeOf(ReferralEventType step, bool isReferrer) => step switch
    {
        ReferralEventType.Created => isReferrer ? FirmEventType.ReferralSent : FirmEventType.ReferralReceived,
        ReferralEventType.Accepted => FirmEventType.ReferralAccepted,
        ReferralEventType.Declined => FirmEventType.ReferralDeclined,
        ReferralEventType.Cancelled => FirmEventType.ReferralCancelled,
        ReferralEventType.Expired => FirmEventType.ReferralExpired,
        ReferralEventType.Started => FirmEventType.ReferralStarted,
        ReferralEventType.Won => FirmEventType.ReferralWon,
        ReferralEventType.Lost => FirmEventType.ReferralLost,
        ReferralEventType.NeedReturned => FirmEventType.ReferralNeedReturned,
        ReferralEventType.FeePaid => FirmEventType.ReferralFeePaid,
        ReferralEventType.DeadlineWarning => FirmEventType.ReferralDeadlineWarning,
        ReferralEventType.FirstContactWarning => FirmEventType.ReferralFirstContactWarning,
        ReferralEventType.FirstContactMissed => FirmEventType.ReferralFirstContactMissed,
        // Feedback stays sealed until both have rated; that one was given is not an event.
        _ => null,
    };
}
