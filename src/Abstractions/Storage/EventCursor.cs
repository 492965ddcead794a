namespace Viidakko;

/// <summary>
/// A place in the order in which events of many grains were stored (see
/// <see cref="IEventLogReader.ReadGroupAsync{TEvent}"/>). What the two numbers mean is the storage's
/// business: a row number in SQLite, a transaction id and a row number in PostgreSQL.
/// </summary>
[GenerateSerializer, Alias("viidakko.EventCursor")]
public readonly record struct EventCursor([property: Id(0)] long Major, [property: Id(1)] long Minor)
{
    /// <summary>Before the first event.</summary>
    public static EventCursor Start => default;
}
