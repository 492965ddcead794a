using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary><see cref="ReferralDeadlines"/>: when a proposal warns and when its receiver's timer wakes.</summary>
public sealed class ReferralDeadlinesTests
{
    private static readonly DateTime T0 = new(2026, 4, 1, 8, 0, 0, DateTimeKind.Utc);

    private static ReferralSummary Proposal(string id, DateTime created, DateTime expire) =>
        ReferralIndexTests.Summary(id, "lahettaja", "vastaanottaja", expire: expire, created: created);

    [Fact]
    public void The_warning_is_a_day_before_or_a_quarter_of_a_shorter_window_before()
    {
        Assert.Equal(T0.AddDays(13), ReferralDeadlines.WarningTime(T0, T0.AddDays(14)));
        Assert.Equal(T0.AddDays(3), ReferralDeadlines.WarningTime(T0, T0.AddDays(4)));
        Assert.Equal(T0.AddHours(45), ReferralDeadlines.WarningTime(T0, T0.AddHours(60)));
        Assert.Equal(T0.AddMinutes(45), ReferralDeadlines.WarningTime(T0, T0.AddHours(1)));
    }

    [Fact]
    public void The_timer_wakes_at_the_earliest_warning_then_at_that_proposals_expiry()
    {
        var early = Proposal("r-1", T0, T0.AddDays(14));
        var late = Proposal("r-2", T0.AddDays(2), T0.AddDays(16));
        Assert.Null(ReferralDeadlines.EarliestWake([], T0));
        Assert.Equal(T0.AddDays(13), ReferralDeadlines.EarliestWake([late, early], T0));
        // Past the first warning: its expiry comes before the second warning.
        Assert.Equal(T0.AddDays(14), ReferralDeadlines.EarliestWake([late, early], T0.AddDays(13).AddHours(1)));
        Assert.Equal(T0.AddDays(15), ReferralDeadlines.EarliestWake([late], T0.AddDays(14)));

        Assert.Empty(ReferralDeadlines.Due([early, late], T0.AddDays(12)));
        Assert.Equal(["r-1"], ReferralDeadlines.Due([early, late], T0.AddDays(13)).Select(r => r.ReferralId));
        Assert.Equal(["r-1", "r-2"], ReferralDeadlines.Due([early, late], T0.AddDays(16)).Select(r => r.ReferralId));
    }
}
