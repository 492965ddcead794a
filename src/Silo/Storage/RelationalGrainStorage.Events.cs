using Orleans.Runtime;

namespace Viidakko.Silo.Storage;

/// <summary>Reading event logs by range, and dropping events older than the retention.</summary>
internal sealed partial class RelationalGrainStorage : IEventLogReader
{
    public TimeSpan Retention => _options.EventRetention;

    public async Task<IReadOnlyList<(long Sequence, TEvent Event)>> ReadAsync<TEvent>(
        string stateName, GrainId grainId, long after, int limit, CancellationToken cancellationToken = default)
        where TEvent : class
    {
        var key = StateKey.From(stateName, grainId);
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = await _dialect.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = _dialect.SelectEventsSql;
            key.AddParametersTo(command);
            command.AddParameter("@after", after);
            command.AddParameter("@limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var events = new List<(long, TEvent)>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var (sequence, payload, format) = (reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2));
                var e = Deserialize(key, () => GrainStateJsonFormat.DeserializeItem(payload, typeof(TEvent), format), $"event {sequence} of ");
                if (e is TEvent typed)
                {
                    events.Add((sequence, typed));
                }
            }

            return events;
        }
        catch (Exception exception) when (IsDatabaseFailure(exception))
        {
            _dialect.DiscardIdleConnections();
            throw Unavailable("read the events of", key, exception);
        }
    }

    public async Task<IReadOnlyList<StoredEvent<TEvent>>> ReadGroupAsync<TEvent>(
        string stateName, GrainType grainType, string group, EventCursor after, int limit, CancellationToken cancellationToken = default)
        where TEvent : class
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        var type = grainType.ToString()!;
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = await _dialect.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = _dialect.SelectGroupEventsSql;
            command.AddParameter("@state_name", stateName);
            command.AddParameter("@grain_type", type);
            command.AddParameter("@group", group);
            command.AddParameter("@major", after.Major);
            command.AddParameter("@minor", after.Minor);
            command.AddParameter("@limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var events = new List<StoredEvent<TEvent>>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var cursor = new EventCursor(reader.GetInt64(0), reader.GetInt64(1));
                var (grainKey, sequence, time) = (reader.GetString(2), reader.GetInt64(3), EventTimes.FromUnixMilliseconds(reader.GetInt64(4)));
                var (payload, format) = (reader.GetString(5), reader.GetInt32(6));
                var key = new StateKey(stateName, type, grainKey);
                var e = Deserialize(key, () => GrainStateJsonFormat.DeserializeItem(payload, typeof(TEvent), format), $"event {sequence} of ");
                if (e is TEvent typed)
                {
                    events.Add(new StoredEvent<TEvent>(cursor, grainKey, sequence, time, typed));
                }
            }

            return events;
        }
        catch (Exception exception) when (IsDatabaseFailure(exception))
        {
            _dialect.DiscardIdleConnections();
            throw Unavailable("read the events of", new StateKey(stateName, type, group + "/*"), exception);
        }
    }

    /// <summary>
    /// Deletes events older than <paramref name="before"/>, at most <paramref name="limit"/> per
    /// statement (so the writer is never held up long), until none is left; returns how many.
    /// </summary>
    public async Task<long> PruneEventsAsync(DateTime before, int limit, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        long total = 0;
        while (true)
        {
            await using var connection = await _dialect.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = _dialect.PruneEventsSql;
            command.AddParameter("@before", EventTimes.ToUnixMilliseconds(before));
            command.AddParameter("@limit", limit);
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted < limit)
            {
                return total;
            }
        }
    }
}
