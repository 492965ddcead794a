namespace Viidakko;

/// <summary>
/// What grain storage sees of an <see cref="EventLog{TEvent}"/>: the events appended since the last
/// write, which it stores as rows in the same transaction as the state (and only if the state's
/// version check passes). Stored events are never read back with the state.
/// </summary>
public interface IEventLog
{
    /// <summary>The type of the events, for serializing one.</summary>
    Type EventType { get; }

    /// <summary>The events appended since the last call; the log forgets them.</summary>
    IReadOnlyList<LogAppend> TakeAppended();

    /// <summary>Puts taken events back in front (a write that carried them failed).</summary>
    void RestoreAppended(IReadOnlyList<LogAppend> appended);
}
