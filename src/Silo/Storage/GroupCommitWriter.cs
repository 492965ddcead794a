using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Viidakko.Silo.Storage;

internal enum WriteKind
{
    Insert,
    Update,
    Delete,
}

/// <summary>One write or clear, with the version the caller believes is stored.</summary>
/// <param name="ExpectedVersion">
/// For <see cref="WriteKind.Update"/> and <see cref="WriteKind.Delete"/>: the version that must be
/// stored. A delete with <c>null</c> succeeds only when no row exists.
/// </param>
/// <param name="Items">Item-map entries to store or delete with the state, only if its version check passes.</param>
internal sealed record WriteCommand(
    WriteKind Kind, StateKey Key, string? Payload, int FormatVersion, long? ExpectedVersion, IReadOnlyList<ItemWrite>? Items = null);

/// <summary>Result of one <see cref="WriteCommand"/>; a failed version check is an outcome, not an error.</summary>
internal readonly record struct WriteOutcome(bool Succeeded, long? NewVersion, long? StoredVersion)
{
    public static WriteOutcome Success(long? newVersion) => new(true, newVersion, newVersion);

    public static WriteOutcome Conflict(long? storedVersion) => new(false, null, storedVersion);
}

/// <summary>
/// The single writer of a database: applies everything queued in one transaction, so that many
/// concurrent grain writes share one durable commit (one fsync) instead of paying one each.
/// </summary>
/// <remarks>
/// A caller's task completes only after the commit that contains its write has returned, so "the
/// call returned OK" still means "it is on disk". Each write keeps its own version check: a stale
/// ETag fails that write alone, and the others in the batch commit.
/// </remarks>
internal sealed partial class GroupCommitWriter : IAsyncDisposable
{
    private readonly IStorageDialect _dialect;
    private readonly int _maxBatchSize;
    private readonly ILogger _logger;
    private readonly Channel<PendingWrite> _queue =
        Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _loop;
    private DbConnection? _connection;
    private long _committedBatches;
    private long _committedWrites;

    public GroupCommitWriter(IStorageDialect dialect, int maxBatchSize, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _dialect = dialect;
        _maxBatchSize = maxBatchSize;
        _logger = logger;
    }

    /// <summary>Transactions committed so far (for tests and diagnostics).</summary>
    public long CommittedBatches => Interlocked.Read(ref _committedBatches);

    /// <summary>Writes and clears committed so far, including those that failed their version check.</summary>
    public long CommittedWrites => Interlocked.Read(ref _committedWrites);

    /// <summary>
    /// Starts applying queued writes. Separate from construction so that writes wait until the
    /// schema exists.
    /// </summary>
    public void Start()
    {
        lock (_startLock)
        {
            _loop ??= Task.Run(RunAsync);
        }
    }

    /// <summary>
    /// Queues a write. Cancellation is honoured only while the write waits in the queue: once it
    /// is part of a committing batch it completes, because the database is about to hold it anyway.
    /// </summary>
    public Task<WriteOutcome> SubmitAsync(WriteCommand command, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<WriteOutcome>(cancellationToken);
        }

        var pending = new PendingWrite(command, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            pending.Abandon();
            return Task.FromException<WriteOutcome>(
                new ObjectDisposedException(nameof(GroupCommitWriter), "The grain storage has been stopped."));
        }

        return pending.Completion;
    }

    /// <summary>Stops accepting writes and returns once everything already queued is committed.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Start(); // drain what was queued, even if the storage never started
        await _loop!.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingWrite>(Math.Min(_maxBatchSize, 1024));
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                // Everything that arrived while the previous commit was syncing goes into this one.
                while (batch.Count < _maxBatchSize && reader.TryRead(out var pending))
                {
                    if (pending.TryTake())
                    {
                        batch.Add(pending);
                    }
                }

                if (batch.Count > 0)
                {
                    await CommitAsync(batch).ConfigureAwait(false);
                    batch.Clear();
                }
            }
        }
        finally
        {
            await CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Completes or fails every write of the batch; never throws, or the writer would stop.</summary>
    private async Task CommitAsync(List<PendingWrite> batch)
    {
        WriteOutcome[] outcomes;
        try
        {
            outcomes = await ApplyInOneTransactionAsync(batch).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await CloseConnectionAsync().ConfigureAwait(false);
            _dialect.DiscardIdleConnections();
            // One bad write must not fail its neighbours; and a failed statement may have spoiled the
            // whole transaction (PostgreSQL aborts it), so find the culprit by retrying one by one.
            // That also retries, on a fresh connection, writes whose connection had died (a database
            // restart that is already over). Should the lost connection have taken the commit's answer
            // with it, the retry meets the new version and reports a conflict: never a second write.
            LogBatchFailed(_logger, exception, _dialect.Name, batch.Count);
            await CommitOneByOneAsync(batch).ConfigureAwait(false);
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Complete(outcomes[i]);
        }
    }

    private async Task CommitOneByOneAsync(List<PendingWrite> batch)
    {
        foreach (var pending in batch)
        {
            try
            {
                var outcomes = await ApplyInOneTransactionAsync([pending]).ConfigureAwait(false);
                pending.Complete(outcomes[0]);
            }
            catch (Exception exception)
            {
                await CloseConnectionAsync().ConfigureAwait(false);
                _dialect.DiscardIdleConnections();
                pending.Fail(exception);
            }
        }
    }

    private async Task<WriteOutcome[]> ApplyInOneTransactionAsync(IReadOnlyList<PendingWrite> batch)
    {
        // No cancellation from here on: the callers were promised that a taken write completes.
        _connection ??= await _dialect.OpenWriteConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await using var transaction = await _connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var statements = new WriteStatements(_connection, transaction, _dialect);

        WriteOutcome[] outcomes;
        if (_connection.CanCreateBatch)
        {
            outcomes = await ApplyInRoundTripsAsync(_connection, transaction, statements, batch).ConfigureAwait(false);
        }
        else
        {
            outcomes = new WriteOutcome[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                outcomes[i] = await statements.ApplyAsync(batch[i].Command).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        Interlocked.Increment(ref _committedBatches);
        Interlocked.Add(ref _committedWrites, batch.Count);
        return outcomes;
    }

    /// <summary>
    /// The same writes as <see cref="WriteStatements.ApplyAsync"/>, for a server across the network
    /// (PostgreSQL): every state row's statement in one round trip, then every item of the writes
    /// whose version check passed in a second, instead of a round trip per statement.
    /// </summary>
    private async Task<WriteOutcome[]> ApplyInRoundTripsAsync(
        DbConnection connection, DbTransaction transaction, WriteStatements statements, IReadOnlyList<PendingWrite> batch)
    {
        var outcomes = new WriteOutcome[batch.Count];
        var checkedInBatch = new List<(int Write, DbBatchCommand Command)>(batch.Count);
        await using (var rows = connection.CreateBatch())
        {
            rows.Transaction = transaction;
            for (var i = 0; i < batch.Count; i++)
            {
                var command = batch[i].Command;
                var sql = command.Kind switch
                {
                    WriteKind.Insert => _dialect.InsertStateSql,
                    WriteKind.Update => _dialect.UpdateStateSql,
                    WriteKind.Delete when command.ExpectedVersion is not null => _dialect.DeleteStateSql,
                    _ => null,
                };
                if (sql is null)
                {
                    // A clear of a state believed absent only checks; it has no row to change.
                    outcomes[i] = await statements.ApplyAsync(command).ConfigureAwait(false);
                    continue;
                }

                var statement = rows.CreateBatchCommand();
                statement.CommandText = sql;
                AddKey(statement, command.Key);
                if (command.Kind != WriteKind.Delete)
                {
                    Add(statement, "@payload", command.Payload!);
                    Add(statement, "@format_version", command.FormatVersion);
                }

                if (command.Kind != WriteKind.Insert)
                {
                    Add(statement, "@version", command.ExpectedVersion!.Value);
                }

                rows.BatchCommands.Add(statement);
                checkedInBatch.Add((i, statement));
            }

            if (checkedInBatch.Count > 0)
            {
                await rows.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }

        await using var items = connection.CreateBatch();
        items.Transaction = transaction;
        foreach (var (i, statement) in checkedInBatch)
        {
            var command = batch[i].Command;
            if (statement.RecordsAffected != 1)
            {
                outcomes[i] = WriteOutcome.Conflict(await statements.StoredVersionAsync(command.Key).ConfigureAwait(false));
                continue;
            }

            outcomes[i] = command.Kind switch
            {
                WriteKind.Insert => WriteOutcome.Success(1),
                WriteKind.Update => WriteOutcome.Success(command.ExpectedVersion!.Value + 1),
                _ => WriteOutcome.Success(null),
            };
            if (command.Kind == WriteKind.Delete)
            {
                var clear = items.CreateBatchCommand();
                clear.CommandText = _dialect.DeleteItemsSql;
                AddKey(clear, command.Key);
                items.BatchCommands.Add(clear);
                continue;
            }

            foreach (var item in command.Items ?? [])
            {
                var itemStatement = items.CreateBatchCommand();
                itemStatement.CommandText = item.Payload is null ? _dialect.DeleteItemSql : _dialect.UpsertItemSql;
                AddKey(itemStatement, command.Key);
                Add(itemStatement, "@collection", item.Collection);
                Add(itemStatement, "@item_key", item.Key);
                if (item.Payload is not null)
                {
                    Add(itemStatement, "@payload", item.Payload);
                    Add(itemStatement, "@format_version", command.FormatVersion);
                }

                items.BatchCommands.Add(itemStatement);
            }
        }

        if (items.BatchCommands.Count > 0)
        {
            await items.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return outcomes;

        static void AddKey(DbBatchCommand statement, StateKey key)
        {
            Add(statement, "@state_name", key.StateName);
            Add(statement, "@grain_type", key.GrainType);
            Add(statement, "@grain_key", key.GrainKey);
        }

        static void Add(DbBatchCommand statement, string name, object value)
        {
            var parameter = statement.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            statement.Parameters.Add(parameter);
        }
    }

    private async Task CloseConnectionAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            try
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                // Already broken; the next batch opens a fresh one.
                LogCloseFailed(_logger, exception, _dialect.Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Grain storage ({Dialect}): a batch of {Count} writes failed; retrying them one by one")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, string dialect, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Grain storage ({Dialect}): closing a failed write connection threw")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception, string dialect);

    /// <summary>The prepared statements of one transaction, each reused for every write in it.</summary>
    private sealed class WriteStatements(DbConnection connection, DbTransaction transaction, IStorageDialect dialect)
        : IAsyncDisposable
    {
        private DbCommand? _insert;
        private DbCommand? _update;
        private DbCommand? _delete;
        private DbCommand? _selectVersion;
        private DbCommand? _upsertItem;
        private DbCommand? _deleteItem;
        private DbCommand? _deleteItems;

        public async Task<WriteOutcome> ApplyAsync(WriteCommand command)
        {
            var key = command.Key;
            switch (command.Kind)
            {
                case WriteKind.Insert:
                {
                    var insert = _insert ??= Create(dialect.InsertStateSql, payload: true, version: false);
                    key.SetParametersOf(insert);
                    insert.Parameters["@payload"].Value = command.Payload;
                    insert.Parameters["@format_version"].Value = command.FormatVersion;
                    if (await insert.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
                    {
                        return WriteOutcome.Conflict(await StoredVersionAsync(key).ConfigureAwait(false));
                    }

                    await ApplyItemsAsync(command).ConfigureAwait(false);
                    return WriteOutcome.Success(1);
                }

                case WriteKind.Update:
                {
                    var expected = command.ExpectedVersion!.Value;
                    var update = _update ??= Create(dialect.UpdateStateSql, payload: true, version: true);
                    key.SetParametersOf(update);
                    update.Parameters["@payload"].Value = command.Payload;
                    update.Parameters["@format_version"].Value = command.FormatVersion;
                    update.Parameters["@version"].Value = expected;
                    if (await update.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
                    {
                        return WriteOutcome.Conflict(await StoredVersionAsync(key).ConfigureAwait(false));
                    }

                    await ApplyItemsAsync(command).ConfigureAwait(false);
                    return WriteOutcome.Success(expected + 1);
                }

                case WriteKind.Delete when command.ExpectedVersion is null:
                {
                    // The caller believes there is nothing stored: fine if so, a conflict if not.
                    var stored = await StoredVersionAsync(key).ConfigureAwait(false);
                    return stored is null ? WriteOutcome.Success(null) : WriteOutcome.Conflict(stored);
                }

                case WriteKind.Delete:
                {
                    var delete = _delete ??= Create(dialect.DeleteStateSql, payload: false, version: true);
                    key.SetParametersOf(delete);
                    delete.Parameters["@version"].Value = command.ExpectedVersion.Value;
                    if (await delete.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
                    {
                        return WriteOutcome.Conflict(await StoredVersionAsync(key).ConfigureAwait(false));
                    }

                    var deleteItems = _deleteItems ??= Create(dialect.DeleteItemsSql, payload: false, version: false);
                    key.SetParametersOf(deleteItems);
                    await deleteItems.ExecuteNonQueryAsync().ConfigureAwait(false);
                    return WriteOutcome.Success(null);
                }

                default:
                    throw new ArgumentOutOfRangeException(nameof(command), command.Kind, "Unknown write kind.");
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in new[] { _insert, _update, _delete, _selectVersion, _upsertItem, _deleteItem, _deleteItems })
            {
                if (command is not null)
                {
                    await command.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        private async Task ApplyItemsAsync(WriteCommand command)
        {
            if (command.Items is not { Count: > 0 } items)
            {
                return;
            }

            foreach (var item in items)
            {
                DbCommand statement;
                if (item.Payload is { } payload)
                {
                    statement = _upsertItem ??= CreateItem(dialect.UpsertItemSql, payload: true);
                    statement.Parameters["@payload"].Value = payload;
                    statement.Parameters["@format_version"].Value = command.FormatVersion;
                }
                else
                {
                    statement = _deleteItem ??= CreateItem(dialect.DeleteItemSql, payload: false);
                }

                command.Key.SetParametersOf(statement);
                statement.Parameters["@collection"].Value = item.Collection;
                statement.Parameters["@item_key"].Value = item.Key;
                await statement.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }

        private DbCommand CreateItem(string sql, bool payload)
        {
            var command = Create(sql, payload, version: false);
            command.AddParameter("@collection", string.Empty);
            command.AddParameter("@item_key", string.Empty);
            return command;
        }

        public async Task<long?> StoredVersionAsync(StateKey key)
        {
            var select = _selectVersion ??= Create(dialect.SelectVersionSql, payload: false, version: false);
            key.SetParametersOf(select);
            var value = await select.ExecuteScalarAsync().ConfigureAwait(false);
            return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        }

        private DbCommand Create(string sql, bool payload, bool version)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            default(StateKey).AddParametersTo(command);
            if (payload)
            {
                command.AddParameter("@payload", string.Empty);
                command.AddParameter("@format_version", 0);
            }

            if (version)
            {
                command.AddParameter("@version", 0L);
            }

            return command;
        }
    }

    /// <summary>A queued write and its caller's task.</summary>
    private sealed class PendingWrite
    {
        private const int Queued = 0;
        private const int Taken = 1;
        private const int Cancelled = 2;

        private readonly TaskCompletionSource<WriteOutcome> _completion =
            new(TaskCreationOptions.RunContinuationsAsynchronously); // keep callers' code off the writer
        private readonly CancellationTokenRegistration _registration;
        private int _state;

        public PendingWrite(WriteCommand command, CancellationToken cancellationToken)
        {
            Command = command;
            if (cancellationToken.CanBeCanceled)
            {
                _registration = cancellationToken.UnsafeRegister(
                    static (state, token) => ((PendingWrite)state!).TryCancel(token), this);
            }
        }

        public WriteCommand Command { get; }

        public Task<WriteOutcome> Completion => _completion.Task;

        /// <summary>Claims the write for a batch; false if its caller cancelled first.</summary>
        public bool TryTake()
        {
            if (Interlocked.CompareExchange(ref _state, Taken, Queued) != Queued)
            {
                return false;
            }

            _registration.Unregister();
            return true;
        }

        public void Complete(WriteOutcome outcome) => _completion.TrySetResult(outcome);

        public void Fail(Exception exception) => _completion.TrySetException(exception);

        public void Abandon() => _registration.Unregister();

        private void TryCancel(CancellationToken token)
        {
            if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
            {
                _completion.TrySetCanceled(token);
            }
        }
    }
}
