namespace Viidakko;

/// <summary>
/// A network's service levels: how long a receiver has to answer a referral and, once it accepted,
/// to make first contact with the client. Both count business time only: the network's working
/// days (minus its holidays) between <see cref="DayStart"/> and <see cref="DayEnd"/> in its time zone.
/// A business day is one such working day's span (9:00–17:00 by default: eight hours).
/// </summary>
/// <param name="ResponseBusinessDays">Business days a receiver has to accept or decline (default 2).</param>
/// <param name="FirstContactBusinessDays">Business days from acceptance to first contact, i.e. starting the work (default 1).</param>
/// <param name="TimeZone">IANA time zone id, e.g. <c>Europe/Helsinki</c> (default <c>UTC</c>).</param>
/// <param name="DayStart">Local start of a business day (default 09:00).</param>
/// <param name="DayEnd">Local end of a business day (default 17:00), after <see cref="DayStart"/>.</param>
/// <param name="WorkingDays">The working days of the week (default Monday to Friday).</param>
/// <param name="Holidays">Local dates that are not working days.</param>
[GenerateSerializer, Immutable, Alias("viidakko.SlaPolicy")]
public sealed record SlaPolicy(
    double ResponseBusinessDays,
    double FirstContactBusinessDays,
    string TimeZone,
    TimeOnly DayStart,
    TimeOnly DayEnd,
    IReadOnlyList<DayOfWeek> WorkingDays,
    IReadOnlyList<DateOnly> Holidays)
{
    /// <summary>The policy of a network whose operator set none.</summary>
    public static SlaPolicy Default { get; } = new(
        2, 1, "UTC", new TimeOnly(9, 0), new TimeOnly(17, 0),
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        []);

    /// <summary>Equal when every field is, the lists by their items.</summary>
    public bool Equals(SlaPolicy? other) =>
        other is not null
        && ResponseBusinessDays.Equals(other.ResponseBusinessDays) && FirstContactBusinessDays.Equals(other.FirstContactBusinessDays)
        && TimeZone == other.TimeZone && DayStart == other.DayStart && DayEnd == other.DayEnd
        && WorkingDays.SequenceEqual(other.WorkingDays) && Holidays.SequenceEqual(other.Holidays);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(ResponseBusinessDays, FirstContactBusinessDays, TimeZone, DayStart, DayEnd, WorkingDays.Count, Holidays.Count);
}
