using Orleans.Runtime;

namespace Viidakko.Silo.Storage;

/// <summary>Reading event logs by range, and dropping events older than the retention.</summary>
internal sealed partial class RelationalGrainStorage : IEventLogReader
{
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
