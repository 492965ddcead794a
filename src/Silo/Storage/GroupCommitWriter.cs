using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Viidakko.Silo.Storage;

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

    /// <summary>
    /// Applies a batch in one transaction, in two steps: every state row's conditional statement,
    /// then the item and event rows of the writes whose version check passed (and the deletion of
    /// those of cleared states). Each step goes to the database in one round trip where the driver can batch.
    /// </summary>
    private async Task<WriteOutcome[]> ApplyInOneTransactionAsync(IReadOnlyList<PendingWrite> batch)
    {
        // No cancellation from here on: the callers were promised that a taken write completes.
        _connection ??= await _dialect.OpenWriteConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await using var transaction = await _connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var statements = new Statements(_connection, transaction);

        var outcomes = new WriteOutcome[batch.Count];
        var rows = new List<Statement>(batch.Count);
        var checkedWrites = new List<int>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var command = batch[i].Command;
            if (command is { Kind: WriteKind.Delete, ExpectedVersion: null })
            {
                // The caller believes there is nothing stored: fine if so, a conflict if not.
                var stored = await statements.StoredVersionAsync(_dialect.SelectVersionSql, command.Key).ConfigureAwait(false);
                outcomes[i] = stored is null ? WriteOutcome.Success(null) : WriteOutcome.Conflict(stored);
                continue;
            }

            rows.Add(command.Kind switch
            {
                WriteKind.Insert => Statement.For(_dialect.InsertStateSql, command.Key)
                    .With("@payload", command.Payload!).With("@format_version", command.FormatVersion),
                WriteKind.Update => Statement.For(_dialect.UpdateStateSql, command.Key)
                    .With("@payload", command.Payload!).With("@format_version", command.FormatVersion)
                    .With("@version", command.ExpectedVersion!.Value),
                _ => Statement.For(_dialect.DeleteStateSql, command.Key).With("@version", command.ExpectedVersion!.Value),
            });
            checkedWrites.Add(i);
        }

        var affected = await statements.ExecuteAsync(rows).ConfigureAwait(false);
        var items = new List<Statement>();
        for (var j = 0; j < checkedWrites.Count; j++)
        {
            var command = batch[checkedWrites[j]].Command;
            if (affected[j] != 1)
            {
                outcomes[checkedWrites[j]] = WriteOutcome.Conflict(
                    await statements.StoredVersionAsync(_dialect.SelectVersionSql, command.Key).ConfigureAwait(false));
                continue;
            }

            outcomes[checkedWrites[j]] = command.Kind switch
            {
                WriteKind.Insert => WriteOutcome.Success(1),
                WriteKind.Update => WriteOutcome.Success(command.ExpectedVersion!.Value + 1),
                _ => WriteOutcome.Success(null),
            };
            if (command.Kind == WriteKind.Delete)
            {
                items.Add(Statement.For(_dialect.DeleteItemsSql, command.Key));
                items.Add(Statement.For(_dialect.DeleteEventsSql, command.Key));
                continue;
            }

            foreach (var e in command.Events ?? [])
            {
                items.Add(Statement.For(_dialect.InsertEventSql, command.Key)
                    .With("@sequence", e.Sequence).With("@event_time", EventTimes.ToUnixMilliseconds(e.Time)).With("@payload", e.Payload).With("@format_version", command.FormatVersion));
            }

            foreach (var item in command.Items ?? [])
            {
                var statement = Statement.For(item.Payload is null ? _dialect.DeleteItemSql : _dialect.UpsertItemSql, command.Key)
                    .With("@collection", item.Collection).With("@item_key", item.Key);
                items.Add(item.Payload is null ? statement : statement.With("@payload", item.Payload).With("@format_version", command.FormatVersion));
            }
        }

        await statements.ExecuteAsync(items).ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
        Interlocked.Increment(ref _committedBatches);
        Interlocked.Add(ref _committedWrites, batch.Count);
        return outcomes;
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

    /// <summary>One SQL statement with its parameter values (named as in <see cref="IStorageDialect"/>).</summary>
    private sealed record Statement(string Sql, List<(string Name, object Value)> Parameters)
    {
        public static Statement For(string sql, StateKey key) => new(sql,
        [
            ("@state_name", key.StateName),
            ("@grain_type", key.GrainType),
            ("@grain_key", key.GrainKey),
        ]);

        public Statement With(string name, object value)
        {
            Parameters.Add((name, value));
            return this;
        }
    }

    /// <summary>
    /// Sends statements within one transaction: as one <see cref="DbBatch"/> (one round trip) when
    /// the driver can (PostgreSQL), else one by one on commands prepared once per SQL text and
    /// reused (SQLite, in process, where a round trip costs nothing).
    /// </summary>
    private sealed class Statements(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
    {
        private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);

        /// <summary>Rows affected by each statement, in order.</summary>
        public async Task<int[]> ExecuteAsync(IReadOnlyList<Statement> statements)
        {
            var affected = new int[statements.Count];
            if (statements.Count == 0)
            {
                return affected;
            }

            if (!connection.CanCreateBatch)
            {
                for (var i = 0; i < statements.Count; i++)
                {
                    affected[i] = await Command(statements[i]).ExecuteNonQueryAsync().ConfigureAwait(false);
                }

                return affected;
            }

            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var statement in statements)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = statement.Sql;
                foreach (var (name, value) in statement.Parameters)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = value;
                    command.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
            for (var i = 0; i < statements.Count; i++)
            {
                affected[i] = batch.BatchCommands[i].RecordsAffected;
            }

            return affected;
        }

        /// <summary>The stored version of a state (to report it on a conflict); null without a row.</summary>
        public async Task<long?> StoredVersionAsync(string selectVersionSql, StateKey key)
        {
            var value = await Command(Statement.For(selectVersionSql, key)).ExecuteScalarAsync().ConfigureAwait(false);
            return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in _prepared.Values)
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }
        }

        private DbCommand Command(Statement statement)
        {
            if (!_prepared.TryGetValue(statement.Sql, out var command))
            {
                command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = statement.Sql;
                _prepared[statement.Sql] = command;
            }

            foreach (var (name, value) in statement.Parameters)
            {
                if (command.Parameters.Contains(name))
                {
                    command.Parameters[name].Value = value;
                }
                else
                {
                    command.AddParameter(name, value);
                }
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
