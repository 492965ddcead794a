namespace Viidakko.Silo.Storage;

/// <summary>Event times as stored: milliseconds since the Unix epoch, UTC (one integer type in every engine).</summary>
internal static class EventTimes
{
    public static long ToUnixMilliseconds(DateTime time) =>
        new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    public static DateTime FromUnixMilliseconds(long milliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime;
}
