using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary><see cref="ReferralDeadlines"/>: when a proposal warns and when its timer wakes.</summary>
public sealed class ReferralDeadlinesTests
{
    private static readonly DateTime T0 = new(2026, 4, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_warning_is_a_day_before_or_a_quarter_of_a_shorter_window_before()
    {
        Assert.Equal(T0.AddDays(13), ReferralDeadlines.WarningTime(T0, T0.AddDays(14)));
        Assert.Equal(T0.AddDays(3), ReferralDeadlines.WarningTime(T0, T0.AddDays(4)));
        Assert.Equal(T0.AddHours(45), ReferralDeadlines.WarningTime(T0, T0.AddHours(60)));
        Assert.Equal(T0.AddMinutes(45), ReferralDeadlines.WarningTime(T0, T0.AddHours(1)));
    }

    [Fact]
    public void The_timer_wakes_at_the_warning_then_at_the_expiry_and_not_after_an_answer()
    {
        var expire = T0.AddDays(14);
        Assert.Equal(TimeSpan.FromDays(13), ReferralDeadlines.NextWake(ReferralStatus.Proposed, false, T0, expire, T0, null));
        Assert.Equal(TimeSpan.FromDays(1), ReferralDeadlines.NextWake(ReferralStatus.Proposed, true, T0, expire, T0.AddDays(13), null));
        Assert.Equal(TimeSpan.Zero, ReferralDeadlines.NextWake(ReferralStatus.Proposed, true, T0, expire, T0.AddDays(15), null));
        Assert.Equal(TimeSpan.FromSeconds(1), ReferralDeadlines.NextWake(ReferralStatus.Proposed, false, T0, expire, T0, TimeSpan.FromSeconds(1)));
        Assert.Null(ReferralDeadlines.NextWake(ReferralStatus.Accepted, false, T0, expire, T0, null));
        Assert.Null(ReferralDeadlines.NextWake(ReferralStatus.Expired, true, T0, expire, T0.AddDays(15), null));
    }
}
