using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using V1 = Viidakko.Api.V1;

namespace Viidakko.Gateway.Infrastructure;

/// <summary>A network's service levels and a referral's deadline between the API and the domain.</summary>
internal static class SlaMapping
{
    private const string TimeFormat = "HH:mm";
    private const string DateFormat = "yyyy-MM-dd";

    /// <summary>The policy to proto.</summary>
    public static V1.SlaPolicy ToProto(SlaPolicy p)
    {
        var proto = new V1.SlaPolicy
        {
            ResponseBusinessDays = p.ResponseBusinessDays,
            FirstContactBusinessDays = p.FirstContactBusinessDays,
            TimeZone = p.TimeZone,
            DayStart = p.DayStart.ToString(TimeFormat, CultureInfo.InvariantCulture),
            DayEnd = p.DayEnd.ToString(TimeFormat, CultureInfo.InvariantCulture),
        };
        proto.WorkingDays.AddRange(p.WorkingDays.Select(EnumMapping.Map<DayOfWeek, V1.Weekday>));
        proto.Holidays.AddRange(p.Holidays.Select(d => d.ToString(DateFormat, CultureInfo.InvariantCulture)));
        return proto;
    }

    /// <summary>
    /// The policy from proto, each unset field taking its default (<see cref="SlaPolicy.Default"/>);
    /// what cannot be read, and what does not hold together, is added to <paramref name="v"/>.
    /// </summary>
    public static SlaPolicy? FromProto(Violations v, V1.SlaPolicy? p, string prefix)
    {
        if (p is null)
        {
            return null;
        }

        var d = SlaPolicy.Default;
        var start = Time(v, $"{prefix}.day_start", p.DayStart, d.DayStart);
        var end = Time(v, $"{prefix}.day_end", p.DayEnd, d.DayEnd);
        var days = new List<DayOfWeek>();
        foreach (var day in p.WorkingDays)
        {
            if (day == V1.Weekday.Unspecified || !System.Enum.IsDefined(day))
            {
                v.Add($"{prefix}.working_days", $"'{day}' is not a day of the week");
                continue;
            }

            days.Add(EnumMapping.Map<V1.Weekday, DayOfWeek>(day));
        }

        var holidays = new List<DateOnly>();
        foreach (var text in p.Holidays)
        {
            if (DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                holidays.Add(date);
            }
            else
            {
                v.Add($"{prefix}.holidays", $"'{Shorten(text)}' is not a date YYYY-MM-DD");
            }
        }

        var policy = new SlaPolicy(
            p.ResponseBusinessDays == 0 ? d.ResponseBusinessDays : p.ResponseBusinessDays,
            p.FirstContactBusinessDays == 0 ? d.FirstContactBusinessDays : p.FirstContactBusinessDays,
            p.TimeZone.Length == 0 ? d.TimeZone : p.TimeZone.Trim(),
            start, end,
            days.Count == 0 && p.WorkingDays.Count == 0 ? d.WorkingDays : days,
            holidays);
        foreach (var violation in SlaPolicyRules.Validate(policy))
        {
            v.Add(prefix + violation.Field["sla_policy".Length..], violation.Description);
        }

        return policy;
    }

    /// <summary>A referral's current deadline to proto, with the time left at <paramref name="now"/>.</summary>
    public static V1.ReferralDeadline? ToProto(ReferralDeadline? deadline, DateTime now) => deadline is null ? null : new V1.ReferralDeadline
    {
        Kind = EnumMapping.Map<DeadlineKind, V1.DeadlineKind>(deadline.Kind),
        DueTime = Mapping.Ts(deadline.DueTime),
        WarningTime = Mapping.Ts(deadline.WarningTime),
        TimeLeft = Duration.FromTimeSpan(deadline.DueTime > now ? deadline.DueTime - now : TimeSpan.Zero),
    };

    private static TimeOnly Time(Violations v, string field, string text, TimeOnly fallback)
    {
        if (text.Length == 0)
        {
            return fallback;
        }

        if (TimeOnly.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        v.Add(field, $"'{Shorten(text)}' is not a time HH:MM");
        return fallback;
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
