namespace Viidakko.Grains.Domain;

/// <summary>
/// A network's business time (<see cref="SlaPolicy"/>): the instants whose local time lies between
/// <see cref="SlaPolicy.DayStart"/> and <see cref="SlaPolicy.DayEnd"/> on a working day that is not a
/// holiday. All instants in and out are UTC. Deadlines are found day by day, never minute by minute.
/// </summary>
/// <remarks>
/// Business time is real elapsed time: when the clocks change inside a business day, that day is
/// shorter or longer by the shift. A day boundary that falls in a skipped hour is the moment the clocks
/// jump; one that occurs twice opens at its first occurrence and closes at its second, so each business
/// day stays one unbroken span.
/// </remarks>
public sealed class BusinessCalendar
{
    // Far beyond any valid policy's deadline; it only stops a bug from looping forever.
    private const int MinScanDays = 5 * 366;

    private readonly TimeZoneInfo _zone;
    private readonly TimeSpan _dayStart;
    private readonly TimeSpan _dayEnd;
    private readonly bool[] _workingDays = new bool[7];
    private readonly HashSet<DateOnly> _holidays;

    /// <summary>Resolves the policy's time zone once.</summary>
    /// <exception cref="TimeZoneNotFoundException">The policy's time zone is not known on this machine.</exception>
    /// <exception cref="ArgumentException">The policy has no business time at all (see <see cref="SlaPolicyRules"/>).</exception>
    public BusinessCalendar(SlaPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _zone = TimeZoneInfo.FindSystemTimeZoneById(policy.TimeZone);
        _dayStart = policy.DayStart.ToTimeSpan();
        _dayEnd = policy.DayEnd.ToTimeSpan();
        if (_dayEnd <= _dayStart)
        {
            throw new ArgumentException("The business day must end after it starts.", nameof(policy));
        }

        foreach (var day in policy.WorkingDays ?? [])
        {
            if (!Enum.IsDefined(day))
            {
                throw new ArgumentException($"{(int)day} is not a day of the week.", nameof(policy));
            }

            _workingDays[(int)day] = true;
        }

        if (!_workingDays.Contains(true))
        {
            throw new ArgumentException("The policy must have at least one working day.", nameof(policy));
        }

        _holidays = [.. policy.Holidays ?? []];
        BusinessDayLength = _dayEnd - _dayStart;
    }

    /// <summary>The business time in one business day: <c>DayEnd − DayStart</c>.</summary>
    public TimeSpan BusinessDayLength { get; }

    /// <summary>
    /// The earliest UTC instant by which <paramref name="businessDays"/> business days of business time
    /// have passed since <paramref name="startUtc"/>. Counting starts at the next opening when the start
    /// is outside business time; an amount that runs out exactly at a day's end gives that day's end.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="businessDays"/> is negative, not finite, or too large for a <see cref="DateTime"/>.</exception>
    public DateTime AddBusinessDays(DateTime startUtc, double businessDays)
    {
        var start = AsUtc(startUtc);
        if (!double.IsFinite(businessDays) || businessDays < 0
            || businessDays * BusinessDayLength.Ticks > (DateTime.MaxValue - start).Ticks)
        {
            throw new ArgumentOutOfRangeException(nameof(businessDays), businessDays,
                "Business days must be a finite, non-negative number.");
        }

        var remaining = TimeSpan.FromTicks((long)Math.Round(businessDays * BusinessDayLength.Ticks));
        if (remaining == TimeSpan.Zero)
        {
            return start;
        }

        // Each week has a working day, and only holidays and clock changes can empty one, so this
        // many days always suffice; reaching it means a bug, not a long deadline.
        var scanLimit = Math.Max(MinScanDays, 7 * (2 * Math.Ceiling(businessDays) + _holidays.Count + 4));
        var date = LocalDate(start);
        for (var scanned = 0; ; scanned++, date = date.AddDays(1))
        {
            if (scanned > scanLimit)
            {
                throw new InvalidOperationException(
                    $"No deadline found within {scanLimit} days of {start:O}; the business calendar is inconsistent.");
            }

            if (!IsWorkingDate(date))
            {
                continue;
            }

            var (open, close) = Span(date);
            if (close <= start)
            {
                continue;
            }

            var from = open > start ? open : start;
            var available = close - from;
            if (remaining <= available)
            {
                return from + remaining;
            }

            remaining -= available;
        }
    }

    /// <summary>The business time between two UTC instants; zero when <paramref name="toUtc"/> is not after <paramref name="fromUtc"/>.</summary>
    public TimeSpan BusinessTimeBetween(DateTime fromUtc, DateTime toUtc)
    {
        var from = AsUtc(fromUtc);
        var to = AsUtc(toUtc);
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        var last = LocalDate(to);
        for (var date = LocalDate(from); date <= last; date = date.AddDays(1))
        {
            if (!IsWorkingDate(date))
            {
                continue;
            }

            var (open, close) = Span(date);
            var begin = open > from ? open : from;
            var end = close < to ? close : to;
            if (end > begin)
            {
                total += end - begin;
            }
        }

        return total;
    }

    /// <summary>Whether the UTC instant is business time.</summary>
    public bool IsBusinessTime(DateTime utc)
    {
        var instant = AsUtc(utc);
        var date = LocalDate(instant);
        if (!IsWorkingDate(date))
        {
            return false;
        }

        var (open, close) = Span(date);
        return open <= instant && instant < close;
    }

    private static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    private bool IsWorkingDate(DateOnly date) => _workingDays[(int)date.DayOfWeek] && !_holidays.Contains(date);

    private DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, _zone));

    /// <summary>The UTC span of one date's business hours.</summary>
    private (DateTime Open, DateTime Close) Span(DateOnly date)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return (ToUtc(midnight + _dayStart, firstOccurrence: true), ToUtc(midnight + _dayEnd, firstOccurrence: false));
    }

    private DateTime ToUtc(DateTime local, bool firstOccurrence)
    {
        if (_zone.IsAmbiguousTime(local))
        {
            var offsets = _zone.GetAmbiguousTimeOffsets(local);
            var offset = firstOccurrence ? offsets.Max() : offsets.Min();
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }

        return _zone.IsInvalidTime(local)
            ? ClocksJumpPast(local)
            : DateTime.SpecifyKind(local - _zone.GetUtcOffset(local), DateTimeKind.Utc);
    }

    /// <summary>
    /// The instant the clocks jump over a skipped local time: the first instant whose local time is
    /// later. Found by bisection within the ±15 hours any UTC offset allows; this runs only on the rare
    /// day a business day's boundary lies in a skipped hour.
    /// </summary>
    private DateTime ClocksJumpPast(DateTime local)
    {
        var lo = DateTime.SpecifyKind(local, DateTimeKind.Utc).AddHours(-15).Ticks;
        var hi = DateTime.SpecifyKind(local, DateTimeKind.Utc).AddHours(15).Ticks;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            var shown = TimeZoneInfo.ConvertTimeFromUtc(new DateTime(mid, DateTimeKind.Utc), _zone);
            if (shown.Ticks >= local.Ticks)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return new DateTime(lo, DateTimeKind.Utc);
    }
}
