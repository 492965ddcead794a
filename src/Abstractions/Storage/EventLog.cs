namespace Viidakko;

/// <summary>
/// An append-only log in grain state: each event gets the next sequence number and is stored, one
/// row each, in the same write as the state change it describes (an outbox that cannot drift from
/// the state). Only <see cref="Head"/> lives in the state; the events themselves are read by range
/// through <see cref="IEventLogReader"/>, so activating a grain never loads its history.
/// </summary>
[GenerateSerializer, Alias("viidakko.EventLog`1")]
public sealed class EventLog<TEvent> : IEventLog
    where TEvent : class
{
    [NonSerialized] private List<LogAppend> _appended = [];

    /// <summary>The sequence number of the newest event appended (stored or about to be); 0 when none.</summary>
    [Id(0)] public long Head { get; set; }

    /// <summary>
    /// The storage time of the newest event: events are stored with times that never go backwards
    /// (an event about a step that happened earlier is stored at the time it was appended, at the
    /// earliest), so dropping events older than a cut always drops a prefix of the log, never a hole.
    /// </summary>
    [Id(1)] public DateTime LastTime { get; set; }

    /// <summary>How many events were appended since the last write (not part of the stored state).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int PendingCount => _appended.Count;

    Type IEventLog.EventType => typeof(TEvent);

    /// <summary>Appends the event <paramref name="make"/> builds for the next sequence number; returns it.</summary>
    public TEvent Append(DateTime time, Func<long, TEvent> make)
    {
        var sequence = Head + 1;
        var e = make(sequence);
        LastTime = time > LastTime ? time : LastTime;
        _appended.Add(new LogAppend(sequence, LastTime, e));
        Head = sequence;
        return e;
    }

    IReadOnlyList<LogAppend> IEventLog.TakeAppended()
    {
        if (_appended.Count == 0)
        {
            return [];
        }

        var taken = _appended;
        _appended = [];
        return taken;
    }

    void IEventLog.RestoreAppended(IReadOnlyList<LogAppend> appended)
    {
        if (appended.Count > 0)
        {
            _appended.InsertRange(0, appended);
        }
    }
}
