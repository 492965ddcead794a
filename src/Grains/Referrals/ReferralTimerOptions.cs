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

    /// <summary>How often a due timer ticks again if its work failed (Orleans' minimum period is a minute).</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
