namespace Viidakko.Grains.Domain;

/// <summary>
/// When an unanswered proposal warns its receiver, and when the referral's timer next wakes: at the
/// warning, then at the expire time, never later than <c>maxDelay</c> when one is set (a clock that
/// tests move faster than real time is caught up with at each wake).
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
    /// The delay until the timer should next wake (zero: at once), or null when nothing is left to do
    /// (the referral was answered, or it expired).
    /// </summary>
    public static TimeSpan? NextWake(ReferralStatus status, bool warned, DateTime createTime, DateTime expireTime, DateTime now, TimeSpan? maxDelay)
    {
        if (status != ReferralStatus.Proposed)
        {
            return null;
        }

        var next = warned ? expireTime : WarningTime(createTime, expireTime);
        var delay = next <= now ? TimeSpan.Zero : next - now;
        return maxDelay is { } max && delay > max ? max : delay;
    }
}
