namespace Viidakko.Gateway.Infrastructure;

/// <summary>
/// The dates the hub accepts anywhere: a date before 2000 or after 2099 is a mistake (0001-01-01
/// is an unset field), never a referral, a deadline or a log entry.
/// </summary>
public static class PlausibleDates
{
    /// <summary>The earliest date accepted.</summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    /// <summary>The latest date accepted.</summary>
    public static readonly DateOnly Latest = new(2099, 12, 31);
}
