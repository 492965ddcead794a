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
    public void Under_a_network_policy_the_warning_counts_business_time_so_a_monday_deadline_warns_on_friday()
    {
        // The default policy: Monday to Friday, 9 to 17 UTC. T0 is Wednesday 1 April 2026, 08:00.
        var sla = SlaPolicy.Default;
        var monday = new DateTime(2026, 4, 6, 9, 0, 0, DateTimeKind.Utc);
        // 24 business hours (Wednesday to Friday) is under four business days: warned a quarter (6 h) before, on Friday.
        Assert.Equal(new DateTime(2026, 4, 3, 11, 0, 0, DateTimeKind.Utc), ReferralDeadlines.WarningTime(sla, T0, monday));
        // Calendar time would have warned on Sunday morning.
        Assert.Equal(new DateTime(2026, 4, 5, 9, 0, 0, DateTimeKind.Utc), ReferralDeadlines.WarningTime(T0, monday));

        // Ten business days: a business day before, at the end of the last full business day but one.
        Assert.Equal(new DateTime(2026, 4, 13, 17, 0, 0, DateTimeKind.Utc), ReferralDeadlines.WarningTime(sla, T0, T0.AddDays(14)));

        // A window without business time (a weekend) falls back to calendar time.
        var saturday = new DateTime(2026, 4, 4, 10, 0, 0, DateTimeKind.Utc);
        Assert.Equal(saturday.AddHours(18), ReferralDeadlines.WarningTime(sla, saturday, saturday.AddDays(1)));
    }

    [Fact]
    public void The_current_deadline_warns_in_business_time_when_the_policy_is_known()
    {
        var monday = new DateTime(2026, 4, 6, 9, 0, 0, DateTimeKind.Utc);
        var withPolicy = ReferralDeadlines.Current(ReferralStatus.Proposed, T0, monday, answerWarned: false, firstContact: null, SlaPolicy.Default)!;
        var without = ReferralDeadlines.Current(ReferralStatus.Proposed, T0, monday, answerWarned: false, firstContact: null)!;
        Assert.Equal(new DateTime(2026, 4, 3, 11, 0, 0, DateTimeKind.Utc), withPolicy.WarningTime);
        Assert.Equal(new DateTime(2026, 4, 5, 9, 0, 0, DateTimeKind.Utc), without.WarningTime);
        Assert.Equal(DeadlineStep.Warn, ReferralDeadlines.Step(withPolicy, new DateTime(2026, 4, 3, 12, 0, 0, DateTimeKind.Utc)));
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
