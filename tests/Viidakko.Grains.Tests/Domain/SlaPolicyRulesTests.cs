using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary><see cref="SlaPolicyRules"/>: which service-level policies a network may set.</summary>
public sealed class SlaPolicyRulesTests
{
    private static readonly SlaPolicy Helsinki = SlaPolicy.Default with
    {
        TimeZone = "Europe/Helsinki",
        Holidays = [new(2026, 4, 3), new(2026, 4, 6), new(2026, 12, 24)],
    };

    private static string[] Fields(SlaPolicy policy) =>
        [.. SlaPolicyRules.Validate(policy).Select(v => v.Field)];

    [Fact]
    public void Sensible_policies_are_valid_and_build_a_calendar()
    {
        Assert.Empty(SlaPolicyRules.Validate(SlaPolicy.Default));
        Assert.Empty(SlaPolicyRules.Validate(Helsinki));
        Assert.Empty(Fields(Helsinki with { ResponseBusinessDays = 30, FirstContactBusinessDays = 0.25 }));
        Assert.Empty(Fields(Helsinki with { DayStart = new TimeOnly(9, 0), DayEnd = new TimeOnly(10, 0) }));
        Assert.Empty(Fields(Helsinki with { DayStart = new TimeOnly(0, 0), DayEnd = new TimeOnly(23, 59), WorkingDays = Enum.GetValues<DayOfWeek>() }));
        Assert.Empty(Fields(Helsinki with { Holidays = [.. Enumerable.Range(0, 400).Select(i => new DateOnly(2026, 1, 1).AddDays(i))] }));
        _ = new BusinessCalendar(Helsinki);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(30.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Service_levels_must_be_positive_and_at_most_thirty_business_days(double days)
    {
        Assert.Equal(["sla_policy.response_business_days"], Fields(Helsinki with { ResponseBusinessDays = days }));
        Assert.Equal(["sla_policy.first_contact_business_days"], Fields(Helsinki with { FirstContactBusinessDays = days }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("Mars/Olympus_Mons")]
    public void The_time_zone_must_be_a_known_iana_id(string zone)
    {
        Assert.Equal(["sla_policy.time_zone"], Fields(Helsinki with { TimeZone = zone }));
    }

    [Fact]
    public void The_business_day_must_end_at_least_an_hour_after_it_starts()
    {
        var before = SlaPolicyRules.Validate(Helsinki with { DayEnd = new TimeOnly(8, 0) });
        var same = SlaPolicyRules.Validate(Helsinki with { DayEnd = new TimeOnly(9, 0) });
        var short_ = SlaPolicyRules.Validate(Helsinki with { DayEnd = new TimeOnly(9, 59) });
        Assert.Equal(new FieldViolation("sla_policy.day_end", "must be later than day_start"), Assert.Single(before));
        Assert.Equal(new FieldViolation("sla_policy.day_end", "must be later than day_start"), Assert.Single(same));
        Assert.Equal(new FieldViolation("sla_policy.day_end", "must be at least 1 hour after day_start"), Assert.Single(short_));
    }

    [Fact]
    public void Working_days_are_at_least_one_distinct_day_of_the_week()
    {
        Assert.Equal(["sla_policy.working_days"], Fields(Helsinki with { WorkingDays = [] }));
        Assert.Equal(["sla_policy.working_days"], Fields(Helsinki with { WorkingDays = [DayOfWeek.Monday, DayOfWeek.Monday] }));
        Assert.Equal(["sla_policy.working_days"], Fields(Helsinki with { WorkingDays = [DayOfWeek.Monday, (DayOfWeek)7] }));
    }

    [Fact]
    public void Holidays_are_at_most_four_hundred_distinct_dates()
    {
        var many = Enumerable.Range(0, 401).Select(i => new DateOnly(2026, 1, 1).AddDays(i)).ToArray();
        Assert.Equal(["sla_policy.holidays"], Fields(Helsinki with { Holidays = many }));
        Assert.Equal(["sla_policy.holidays"], Fields(Helsinki with { Holidays = [new(2026, 4, 3), new(2026, 4, 3)] }));
    }

    [Fact]
    public void Every_violation_is_reported_at_once()
    {
        var policy = new SlaPolicy(0, 31, "Nowhere", new TimeOnly(17, 0), new TimeOnly(9, 0), [], [new(2026, 1, 1), new(2026, 1, 1)]);
        Assert.Equal(
            ["sla_policy.response_business_days", "sla_policy.first_contact_business_days", "sla_policy.time_zone",
             "sla_policy.day_end", "sla_policy.working_days", "sla_policy.holidays"],
            Fields(policy));
        Assert.All(SlaPolicyRules.Validate(policy), v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
    }
}
