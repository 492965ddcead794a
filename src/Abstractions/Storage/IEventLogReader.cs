namespace Viidakko;

/// <summary>
/// Reads the stored events of a grain's <see cref="EventLog{TEvent}"/> by range. Implemented by the
/// grain storage that wrote them; registered as a keyed service under the storage's name.
/// </summary>
public interface IEventLogReader
{
    /// <summary>How long stored events are kept; older ones are dropped (in small batches, now and then).</summary>
    TimeSpan Retention { get; }

    /// <summary>
    /// Up to <paramref name="limit"/> stored events with a sequence number above <paramref name="after"/>,
    /// oldest first, each with its sequence number.
    /// </summary>
    Task<IReadOnlyList<(long Sequence, TEvent Event)>> ReadAsync<TEvent>(
        string stateName, GrainId grainId, long after, int limit, CancellationToken cancellationToken = default)
        where TEvent : class;

    /// <summary>
    /// Up to <paramref name="limit"/> events of every grain of <paramref name="grainType"/> whose key
    /// starts with <c><paramref name="group"/>/</c> (a network's firms), stored after
    /// <paramref name="after"/>, in the order their writes committed. Only committed writes are
    /// returned, and a write that commits later never gets a place before one already returned, so a
    /// reader that resumes after the last cursor it saw misses nothing. Each grain's own events come in
    /// sequence order.
    /// </summary>
    Task<IReadOnlyList<StoredEvent<TEvent>>> ReadGroupAsync<TEvent>(
        string stateName, GrainType grainType, string group, EventCursor after, int limit, CancellationToken cancellationToken = default)
        where TEvent : class;
}
