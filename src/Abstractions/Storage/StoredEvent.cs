namespace Viidakko;

/// <summary>One stored event of a group of grains' event logs, read in storage order.</summary>
/// <param name="Cursor">Where it stands in the storage order: reading after it returns what was stored later.</param>
/// <param name="GrainKey">The key of the grain whose log holds it.</param>
/// <param name="Sequence">Its number in that grain's log.</param>
/// <param name="Time">When it was stored.</param>
/// <param name="Event">The event.</param>
public sealed record StoredEvent<TEvent>(EventCursor Cursor, string GrainKey, long Sequence, DateTime Time, TEvent Event)
    where TEvent : class;
