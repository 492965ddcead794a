namespace Viidakko;

/// <summary>
/// Whether a network's <see cref="SlaPolicy"/> can be used: every violation, named by its proto field,
/// so an operator sees all of them at once. A valid policy always builds a business calendar.
/// </summary>
public static class SlaPolicyRules
{
    /// <summary>The longest service level a policy may set, in business days.</summary>
    public const double MaxBusinessDays = 30;

    /// <summary>The most holidays a policy may list (over a year of dates, for planning ahead).</summary>
    public const int MaxHolidays = 400;

    /// <summary>The shortest business day a policy may set.</summary>
    public static readonly TimeSpan MinBusinessDay = TimeSpan.FromHours(1);

    /// <summary>The policy's violations; empty when it is valid.</summary>
    public static IReadOnlyList<FieldViolation> Validate(SlaPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var violations = new List<FieldViolation>();

        CheckBusinessDays(violations, "sla_policy.response_business_days", policy.ResponseBusinessDays);
        CheckBusinessDays(violations, "sla_policy.first_contact_business_days", policy.FirstContactBusinessDays);

        if (string.IsNullOrWhiteSpace(policy.TimeZone))
        {
            violations.Add(new FieldViolation("sla_policy.time_zone", "is required: an IANA time zone id such as Europe/Helsinki"));
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(policy.TimeZone, out _))
        {
            violations.Add(new FieldViolation("sla_policy.time_zone", "must be a known IANA time zone id such as Europe/Helsinki"));
        }

        var dayLength = policy.DayEnd.ToTimeSpan() - policy.DayStart.ToTimeSpan();
        if (dayLength <= TimeSpan.Zero)
        {
            violations.Add(new FieldViolation("sla_policy.day_end", "must be later than day_start"));
        }
        else if (dayLength < MinBusinessDay)
        {
            violations.Add(new FieldViolation("sla_policy.day_end", "must be at least 1 hour after day_start"));
        }

        var workingDays = policy.WorkingDays ?? [];
        if (workingDays.Count == 0)
        {
            violations.Add(new FieldViolation("sla_policy.working_days", "must name at least one day of the week"));
        }
        else if (!workingDays.All(Enum.IsDefined))
        {
            violations.Add(new FieldViolation("sla_policy.working_days", "must name only days of the week, Sunday to Saturday"));
        }
        else if (workingDays.Distinct().Count() != workingDays.Count)
        {
            violations.Add(new FieldViolation("sla_policy.working_days", "must not name the same day twice"));
        }

        var holidays = policy.Holidays ?? [];
        if (holidays.Count > MaxHolidays)
        {
            violations.Add(new FieldViolation("sla_policy.holidays", $"must list at most {MaxHolidays} dates"));
        }
        else if (holidays.Distinct().Count() != holidays.Count)
        {
            violations.Add(new FieldViolation("sla_policy.holidays", "must not list the same date twice"));
        }

        return violations;
    }

    private static void CheckBusinessDays(List<FieldViolation> violations, string field, double value)
    {
        if (!double.IsFinite(value) || value <= 0 || value > MaxBusinessDays)
        {
            violations.Add(new FieldViolation(field, $"must be more than 0 and at most {MaxBusinessDays} business days"));
        }
    }
}
