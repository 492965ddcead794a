namespace Viidakko;

/// <summary>
/// Reads the stored events of a grain's <see cref="EventLog{TEvent}"/> by range. Implemented by the
/// grain storage that wrote them; registered as a keyed service under the storage's name.
/// </summary>
public interface IEventLogReader
{
    /// <summary>
    /// Up to <paramref name="limit"/> stored events with a sequence number above <paramref name="after"/>,
    /// oldest first, each with its sequence number.
    /// </summary>
    Task<IReadOnlyList<(long Sequence, TEvent Event)>> ReadAsync<TEvent>(
        string stateName, GrainId grainId, long after, int limit, CancellationToken cancellationToken = default)
        where TEvent : class;
}
