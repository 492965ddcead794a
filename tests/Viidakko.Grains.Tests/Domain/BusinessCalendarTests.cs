using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary><see cref="BusinessCalendar"/>: service-level deadlines counted in a network's business time.</summary>
public sealed class BusinessCalendarTests
{
    private const string Helsinki = "Europe/Helsinki";
    private static readonly DayOfWeek[] EveryDay = Enum.GetValues<DayOfWeek>();

    // Finnish Easter 2026: Good Friday and Easter Monday.
    private static readonly DateOnly[] Easter = [new(2026, 4, 3), new(2026, 4, 6)];

    private static BusinessCalendar Calendar(
        string zone = "UTC", TimeOnly? start = null, TimeOnly? end = null,
        DayOfWeek[]? days = null, DateOnly[]? holidays = null) =>
        new(SlaPolicy.Default with
        {
            TimeZone = zone,
            DayStart = start ?? SlaPolicy.Default.DayStart,
            DayEnd = end ?? SlaPolicy.Default.DayEnd,
            WorkingDays = days ?? SlaPolicy.Default.WorkingDays,
            Holidays = holidays ?? [],
        });

    private static DateTime Utc(int month, int day, int hour, int minute = 0) =>
        new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void Deadlines_count_only_working_hours()
    {
        var calendar = Calendar();
        // Friday 16:00: one hour on Friday, eight on Monday, seven on Tuesday.
        Assert.Equal(Utc(4, 14, 16), calendar.AddBusinessDays(Utc(4, 10, 16), 2));
        // Saturday noon: counting starts on Monday morning.
        Assert.Equal(Utc(4, 14, 17), calendar.AddBusinessDays(Utc(4, 11, 12), 2));
        Assert.Equal(Utc(4, 13, 17), calendar.AddBusinessDays(Utc(4, 13, 13), 0.5));
        // Running out at a day's end is that evening, not the next morning.
        Assert.Equal(Utc(4, 13, 17), calendar.AddBusinessDays(Utc(4, 13, 9), 1));
        Assert.Equal(Utc(4, 14, 11), calendar.AddBusinessDays(Utc(4, 13, 17), 0.25));
        Assert.Equal(Utc(4, 11, 12), calendar.AddBusinessDays(Utc(4, 11, 12), 0));
        Assert.Equal(DateTimeKind.Utc, calendar.AddBusinessDays(Utc(4, 10, 16), 2).Kind);
    }

    [Fact]
    public void Weekends_and_evenings_are_not_business_time()
    {
        var calendar = Calendar();
        Assert.True(calendar.IsBusinessTime(Utc(4, 10, 16, 59)));
        Assert.False(calendar.IsBusinessTime(Utc(4, 10, 17)));
        Assert.False(calendar.IsBusinessTime(Utc(4, 11, 12)));
        Assert.False(calendar.IsBusinessTime(Utc(4, 12, 12)));
        Assert.False(calendar.IsBusinessTime(Utc(4, 13, 8, 59)));
        Assert.True(calendar.IsBusinessTime(Utc(4, 13, 9)));

        Assert.Equal(TimeSpan.FromHours(8), calendar.BusinessTimeBetween(Utc(4, 10, 12), Utc(4, 13, 12)));
        Assert.Equal(TimeSpan.FromHours(40), calendar.BusinessTimeBetween(Utc(4, 11, 0), Utc(4, 18, 0)));
        Assert.Equal(TimeSpan.Zero, calendar.BusinessTimeBetween(Utc(4, 13, 12), Utc(4, 13, 12)));
        Assert.Equal(TimeSpan.Zero, calendar.BusinessTimeBetween(Utc(4, 13, 15), Utc(4, 13, 12)));
    }

    [Fact]
    public void Holidays_are_skipped()
    {
        var plain = Calendar(Helsinki);
        var withEaster = Calendar(Helsinki, holidays: Easter);
        // Thursday 2 April 13:00 EEST (10:00Z); half the time is left on Thursday.
        Assert.Equal(Utc(4, 3, 10), plain.AddBusinessDays(Utc(4, 2, 10), 1));
        Assert.Equal(Utc(4, 7, 10), withEaster.AddBusinessDays(Utc(4, 2, 10), 1));
        Assert.True(plain.IsBusinessTime(Utc(4, 3, 9)));
        Assert.False(withEaster.IsBusinessTime(Utc(4, 3, 9)));
        Assert.Equal(TimeSpan.FromHours(8), withEaster.BusinessTimeBetween(Utc(4, 2, 0), Utc(4, 7, 0)));
    }

    [Fact]
    public void A_business_day_stays_eight_hours_when_Helsinki_springs_forward()
    {
        var calendar = Calendar(Helsinki);
        // Friday 27 March 9:00 EET is 07:00Z; Monday 30 March 17:00 EEST is 14:00Z.
        Assert.Equal(Utc(3, 30, 14), calendar.AddBusinessDays(Utc(3, 27, 7), 2));
        Assert.Equal(Utc(3, 30, 10), calendar.AddBusinessDays(Utc(3, 27, 11), 1));
        Assert.Equal(TimeSpan.FromHours(16), calendar.BusinessTimeBetween(Utc(3, 27, 7), Utc(3, 30, 14)));
        Assert.False(calendar.IsBusinessTime(Utc(3, 30, 5, 59)));
        Assert.True(calendar.IsBusinessTime(Utc(3, 30, 6)));
        Assert.False(calendar.IsBusinessTime(Utc(3, 30, 14)));
    }

    [Fact]
    public void A_business_day_stays_eight_hours_when_Helsinki_falls_back()
    {
        var calendar = Calendar(Helsinki);
        // Friday 23 October 9:00 EEST is 06:00Z; Monday 26 October 17:00 EET is 15:00Z.
        Assert.Equal(Utc(10, 26, 15), calendar.AddBusinessDays(Utc(10, 23, 6), 2));
        Assert.Equal(Utc(10, 26, 11), calendar.AddBusinessDays(Utc(10, 23, 10), 1));
        Assert.Equal(TimeSpan.FromHours(16), calendar.BusinessTimeBetween(Utc(10, 23, 6), Utc(10, 26, 15)));
        Assert.False(calendar.IsBusinessTime(Utc(10, 26, 6, 59)));
        Assert.True(calendar.IsBusinessTime(Utc(10, 26, 7)));
    }

    [Fact]
    public void A_round_the_clock_policy_counts_the_real_length_of_clock_change_days()
    {
        var calendar = Calendar(Helsinki, new TimeOnly(0, 0), new TimeOnly(23, 59), EveryDay);
        Assert.Equal(new TimeSpan(23, 59, 0), calendar.BusinessDayLength);
        // Sunday 29 March runs from 00:00 EET (Saturday 22:00Z) to 23:59 EEST (20:59Z): an hour short.
        Assert.Equal(new TimeSpan(22, 59, 0), calendar.BusinessTimeBetween(Utc(3, 28, 22), Utc(3, 29, 21)));
        // Sunday 25 October runs from 00:00 EEST (Saturday 21:00Z) to 23:59 EET (21:59Z): an hour long.
        Assert.Equal(new TimeSpan(24, 59, 0), calendar.BusinessTimeBetween(Utc(10, 24, 21), Utc(10, 25, 22)));
        // Saturday 28 March 12:00 EET (10:00Z): 11h59m on Saturday, then 12 real hours from Saturday 22:00Z.
        Assert.Equal(Utc(3, 29, 10), calendar.AddBusinessDays(Utc(3, 28, 10), 1));
        Assert.False(calendar.IsBusinessTime(Utc(3, 28, 21, 59)));
        Assert.True(calendar.IsBusinessTime(Utc(3, 29, 12)));
    }

    [Fact]
    public void A_day_boundary_in_a_skipped_or_repeated_hour_is_still_one_span()
    {
        var calendar = Calendar(Helsinki, new TimeOnly(3, 30), new TimeOnly(12, 0), EveryDay);
        Assert.Equal(TimeSpan.FromHours(8.5), calendar.BusinessTimeBetween(Utc(3, 28, 0), Utc(3, 28, 12)));
        // 3:30 does not exist on 29 March: the day opens when the clocks jump to 4:00 EEST (01:00Z).
        Assert.False(calendar.IsBusinessTime(Utc(3, 29, 0, 59)));
        Assert.True(calendar.IsBusinessTime(Utc(3, 29, 1)));
        Assert.Equal(TimeSpan.FromHours(8), calendar.BusinessTimeBetween(Utc(3, 29, 0), Utc(3, 29, 12)));
        // 3:30 happens twice on 25 October: the day opens at the first (EEST, 00:30Z) and runs to 12:00 EET.
        Assert.True(calendar.IsBusinessTime(Utc(10, 25, 0, 30)));
        Assert.Equal(TimeSpan.FromHours(9.5), calendar.BusinessTimeBetween(Utc(10, 25, 0), Utc(10, 25, 12)));
    }

    [Fact]
    public void A_deadline_is_the_first_instant_with_exactly_that_much_business_time()
    {
        BusinessCalendar[] calendars =
        [
            Calendar(),
            Calendar(Helsinki, holidays: Easter),
            Calendar(Helsinki, new TimeOnly(0, 0), new TimeOnly(23, 59), EveryDay),
            Calendar(Helsinki, new TimeOnly(3, 30), new TimeOnly(12, 0), EveryDay),
            Calendar("America/New_York", new TimeOnly(8, 15), new TimeOnly(16, 45), [DayOfWeek.Sunday, DayOfWeek.Wednesday]),
        ];
        double[] amounts = [0.125, 0.5, 1, 2, 5.5, 30];
        var starts = Enumerable.Range(0, 40)
            .SelectMany(i => new[] { Utc(3, 25, 0), Utc(10, 21, 0) }.Select(t => t.AddMinutes(i * 457)))
            .ToList();

        foreach (var calendar in calendars)
        {
            foreach (var start in starts)
            {
                foreach (var amount in amounts)
                {
                    var due = calendar.AddBusinessDays(start, amount);
                    var wanted = amount * calendar.BusinessDayLength;
                    Assert.Equal(DateTimeKind.Utc, due.Kind);
                    Assert.Equal(wanted, calendar.BusinessTimeBetween(start, due));
                    Assert.True(calendar.BusinessTimeBetween(start, due.AddTicks(-1)) < wanted);
                    Assert.True(calendar.IsBusinessTime(due.AddTicks(-1)));
                }
            }
        }
    }

    [Fact]
    public void Unspecified_times_are_read_as_utc()
    {
        var calendar = Calendar();
        var due = calendar.AddBusinessDays(DateTime.SpecifyKind(Utc(4, 13, 13), DateTimeKind.Unspecified), 0.5);
        Assert.Equal(Utc(4, 13, 17), due);
        Assert.Equal(DateTimeKind.Utc, due.Kind);
        Assert.True(calendar.IsBusinessTime(DateTime.SpecifyKind(Utc(4, 13, 9), DateTimeKind.Unspecified)));
    }

    [Fact]
    public void Invalid_amounts_and_policies_are_refused()
    {
        var calendar = Calendar();
        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.AddBusinessDays(Utc(4, 13, 9), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.AddBusinessDays(Utc(4, 13, 9), double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.AddBusinessDays(Utc(4, 13, 9), double.PositiveInfinity));

        Assert.Throws<ArgumentException>(() => Calendar(days: []));
        Assert.Throws<ArgumentException>(() => Calendar(start: new TimeOnly(17, 0), end: new TimeOnly(9, 0)));
        Assert.Throws<TimeZoneNotFoundException>(() => Calendar("Mars/Olympus_Mons"));
    }
}
