namespace Viidakko.Grains;

/// <summary>How referral deadlines wake their grains (durable reminders).</summary>
public sealed class ReferralTimerOptions
{
    /// <summary>
    /// The longest a deadline timer sleeps before it checks the clock again; null: until the warning or
    /// the expire time itself. Tests that move a fake clock set a second here (and Orleans' minimum
    /// reminder period likewise), so the timer notices the time they let pass.
    /// </summary>
    public TimeSpan? MaxDelay { get; set; }

    /// <summary>
    /// How often a firm's deadline timer ticks while anything is pending (at least Orleans' minimum
    /// reminder period): a wake later than the next tick needs no reminder write, and a wake whose
    /// work failed is retried at the next tick.
    /// </summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromHours(1);
}
