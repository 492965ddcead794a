using System.Globalization;

namespace Viidakko.Grains.Domain;

/// <summary>
/// The network feed's cursor as callers hold it: an opaque string naming a place in the storage
/// order and the time of the event there. The time lets a cursor older than the retention be
/// refused: the events after it may be gone, and skipping them silently is never right.
/// </summary>
public static class NetworkFeedCursor
{
    /// <summary>
    /// How much older than its cursor an event stored after it can be: an event is stamped when
    /// appended and can commit a little after a later-stamped one (and silo clocks differ a little).
    /// A cursor this close to the retention's edge already counts as expired.
    /// </summary>
    public static readonly TimeSpan Margin = TimeSpan.FromHours(1);

    private const string Version = "1";

    /// <summary>The cursor after an event stored at <paramref name="place"/> at <paramref name="time"/>.</summary>
    public static string Format(EventCursor place, DateTime time) =>
        string.Join('-',
            Version,
            place.Major.ToString(CultureInfo.InvariantCulture),
            place.Minor.ToString(CultureInfo.InvariantCulture),
            new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Reads a cursor: empty is the start (with no time); anything this hub did not give out is
    /// INVALID_ARGUMENT on <paramref name="field"/>.
    /// </summary>
    public static (EventCursor Place, DateTime? Time) Parse(string cursor, string field = "after_cursor")
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return (EventCursor.Start, null);
        }

        var parts = cursor.Split('-');
        if (parts.Length != 4 || parts[0] != Version
            || !TryNumber(parts[1], out var major) || !TryNumber(parts[2], out var minor) || !TryNumber(parts[3], out var ms)
            || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            throw DomainException.Invalid(field, "is not a cursor this hub gave out; pass one from an event or a page, or leave it empty to start from the oldest kept event");
        }

        return (new EventCursor(major, minor), DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime);
    }

    /// <summary>
    /// Whether events after a cursor of <paramref name="time"/> may already have been dropped by a
    /// retention of <paramref name="retention"/> at <paramref name="now"/>.
    /// </summary>
    public static bool IsExpired(DateTime? time, DateTime now, TimeSpan retention) =>
        time is { } t && t < now - retention + Margin;

    private static bool TryNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
