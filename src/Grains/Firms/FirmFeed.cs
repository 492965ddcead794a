using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// A firm's event feed. Events are appended to the state's <see cref="EventLog{TEvent}"/> beside the
/// change they describe, so the firm's next write stores both or neither; once that write has
/// committed they are served to readers and wake those waiting. The newest committed events are
/// kept in memory (live readers never touch the database); older ones are read by range.
/// </summary>
internal sealed class FirmFeed(EventLog<FirmEvent> log, IEventLogReader reader, GrainId grainId, Func<DateTime> now, CancellationToken stopping)
{
    /// <summary>The largest page a reader gets at once.</summary>
    public const int MaxPage = 1000;

    private const int RecentCapacity = 512;

    // Committed events, contiguous and ascending, ending at _committed.
    private readonly List<FirmEvent> _recent = [];
    // Appended but not yet known to be committed, ascending.
    private readonly List<FirmEvent> _unconfirmed = [];
    // Before the first write of this activation, everything in the log was committed by an earlier one.
    private long _committed = log.Head;
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>The position of the newest committed event.</summary>
    public long Head => _committed;

    /// <summary>Appends events for the next write (positions are given here).</summary>
    public void Append(IEnumerable<FirmEvent> events)
    {
        foreach (var e in events)
        {
            // Stored at the time it is appended (its own time may be earlier: a step learned late).
            _unconfirmed.Add(log.Append(now(), position => e with { Position = position }));
        }
    }

    /// <summary>Appends one event, if there is one.</summary>
    public void Append(FirmEvent? e)
    {
        if (e is not null)
        {
            Append([e]);
        }
    }

    /// <summary>
    /// A write of the firm's state committed: the events it carried are now stored. Those appended
    /// while it was on its way are still pending in the log and wait for the next write.
    /// </summary>
    public void OnWritten()
    {
        var committed = log.Head - log.PendingCount;
        if (committed <= _committed)
        {
            return;
        }

        var confirmed = _unconfirmed.TakeWhile(e => e.Position <= committed).ToList();
        _unconfirmed.RemoveRange(0, confirmed.Count);
        _recent.AddRange(confirmed);
        if (_recent.Count > RecentCapacity)
        {
            _recent.RemoveRange(0, _recent.Count - RecentCapacity);
        }

        _committed = committed;
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    /// <summary>Up to <paramref name="limit"/> committed events after <paramref name="after"/>.</summary>
    public async Task<FirmEventPage> ReadAsync(long after, int limit, CancellationToken cancellationToken)
    {
        var head = _committed;
        if (after > head)
        {
            throw DomainException.Invalid("after_position", $"position {after} is beyond the newest event ({head})");
        }

        limit = Math.Clamp(limit, 1, MaxPage);
        if (after == head)
        {
            return new FirmEventPage([], head);
        }

        if (_recent.Count > 0 && _recent[0].Position <= after + 1)
        {
            var from = (int)(after + 1 - _recent[0].Position);
            return new FirmEventPage(_recent.Skip(from).Take(limit).ToList(), head);
        }

        var stored = await reader.ReadAsync<FirmEvent>(GrainStorage.FirmState, grainId, after, limit, cancellationToken);
        if (stored.Count == 0 || stored[0].Sequence != after + 1)
        {
            // What came next was dropped by the retention: say so rather than skip it silently.
            var oldest = stored.Count > 0 ? stored[0].Sequence : _recent.Count > 0 ? _recent[0].Position : head + 1;
            throw DomainException.CursorExpired(after, oldest);
        }

        // Only a contiguous run: a page never steps over a missing position (a prune running right now).
        var page = stored.TakeWhile((s, i) => s.Sequence == after + 1 + i && s.Sequence <= head);
        return new FirmEventPage(page.Select(s => s.Event with { Position = s.Sequence }).ToList(), head);
    }

    /// <summary>
    /// Like <see cref="ReadAsync"/>, but when nothing is newer than <paramref name="after"/> waits up
    /// to <paramref name="wait"/> for a commit (or the silo stopping) and then answers what there is.
    /// </summary>
    public async Task<FirmEventPage> WaitAsync(long after, int limit, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (after == _committed && !stopping.IsCancellationRequested)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
            timeout.CancelAfter(wait);
            try
            {
                await _changed.Task.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Timed out, or the silo is stopping: answer now (a heartbeat), the caller comes back.
            }
        }

        return await ReadAsync(after, limit, cancellationToken);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
