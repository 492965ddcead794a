using System.Data;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Viidakko.Silo.Storage;

/// <summary>
/// Orleans grain storage in one relational table, <c>grain_state</c>, with optimistic concurrency
/// on a per-row version and group commit of writes. The engine is an <see cref="IStorageDialect"/>.
/// </summary>
/// <remarks>
/// Collections that grow with a grain's history are <see cref="ItemMap{TValue}"/>s: their entries
/// live one per row in <c>grain_item</c>, and a write stores only the entries that changed, so its
/// cost does not grow with the history.
/// </remarks>
internal sealed partial class RelationalGrainStorage
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable, IDisposable
{
    private readonly string _name;
    private readonly RelationalGrainStorageOptions _options;
    private readonly IStorageDialect _dialect;
    private readonly IActivatorProvider _activatorProvider;
    private readonly ILogger _logger;
    private readonly GroupCommitWriter _writer;
    private readonly Lock _lock = new();
    private Task? _initialization;
    private Task? _disposal;

    public RelationalGrainStorage(
        string name,
        RelationalGrainStorageOptions options,
        IStorageDialect dialect,
        IActivatorProvider activatorProvider,
        ILogger<RelationalGrainStorage> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(activatorProvider);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.MaxBatchSize < 1)
        {
            throw new OrleansConfigurationException(
                $"Grain storage '{name}': {nameof(RelationalGrainStorageOptions.MaxBatchSize)} must be at least 1.");
        }

        _name = name;
        _options = options;
        _dialect = dialect;
        _activatorProvider = activatorProvider;
        _logger = logger;
        _writer = new GroupCommitWriter(dialect, options.MaxBatchSize, logger);
    }

    /// <summary>The single writer, exposed for tests and diagnostics.</summary>
    internal GroupCommitWriter Writer => _writer;

    /// <summary>Factory for <c>AddGrainStorage</c>: the named options and a dialect built from them.</summary>
    public static RelationalGrainStorage Create(
        IServiceProvider services, string name, Func<RelationalGrainStorageOptions, IStorageDialect> createDialect)
    {
        var options = services.GetRequiredService<IOptionsMonitor<RelationalGrainStorageOptions>>().Get(name);
        return new RelationalGrainStorage(
            name,
            options,
            createDialect(options),
            services.GetRequiredService<IActivatorProvider>(),
            services.GetRequiredService<ILogger<RelationalGrainStorage>>());
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(RelationalGrainStorage)}-{_name}", _options.InitStage, OnStartAsync, OnStopAsync);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        try
        {
            await ReadCoreAsync(stateName, grainId, grainState, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsDatabaseFailure(exception))
        {
            // The pooled connection may have died with a server restart that is already over: a read
            // changes nothing, so try once more on a fresh connection before giving up.
            _dialect.DiscardIdleConnections();
            try
            {
                await ReadCoreAsync(stateName, grainId, grainState, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception again) when (IsDatabaseFailure(again))
            {
                throw Unavailable("read", StateKey.From(stateName, grainId), again);
            }
        }
    }

    private async Task ReadCoreAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var key = StateKey.From(stateName, grainId);
        var hasItems = ItemMaps.Has<T>();

        // Not through the writer: WAL (or MVCC) lets this read a committed snapshot while a batch is
        // committing. A state with item rows reads row and items in one statement, so both come
        // from the same commit, in one round trip.
        await using var connection = await _dialect.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = hasItems ? _dialect.SelectStateAndItemsSql : _dialect.SelectStateSql;
        key.AddParametersTo(command);
        await using var reader = await command.ExecuteReaderAsync(hasItems ? CommandBehavior.Default : CommandBehavior.SingleRow, cancellationToken)
            .ConfigureAwait(false);
        // Columns: [kind, collection, item_key,] payload, format_version, version.
        var first = hasItems ? 3 : 0;
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || (hasItems && reader.GetInt32(0) != 0))
        {
            ResetGrainState(grainState);
            return;
        }

        var (payload, formatVersion, version) = (reader.GetString(first), reader.GetInt32(first + 1), reader.GetInt64(first + 2));
        var state = Deserialize(key, () => GrainStateJsonFormat.Deserialize<T>(payload, formatVersion)) ?? CreateInstance<T>();
        while (hasItems && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var (collection, itemKey, itemPayload, itemFormat) =
                (reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4));
            Deserialize<object?>(
                key,
                () =>
                {
                    ItemMaps.Load(state!, collection, itemKey, itemPayload, itemFormat);
                    return null;
                },
                $"item '{collection}/{itemKey}' of ");
        }

        grainState.State = state;
        grainState.ETag = FormatETag(version);
        grainState.RecordExists = true;
    }

    private TResult Deserialize<TResult>(StateKey key, Func<TResult> read, string what = "")
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            throw new InvalidOperationException(
                $"Grain storage '{_name}' cannot read {what}state {key}: {exception.Message}", exception);
        }
    }

    public async Task WriteStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var key = StateKey.From(stateName, grainId);
        var expected = ParseETag(grainState.ETag, key, "write");
        // Everything is taken from the state before the first await: a grain's interleaved calls
        // may change it while this write is on its way.
        var payload = GrainStateJsonFormat.Serialize(grainState.State);
        var items = ItemMaps.TakeChanges(grainState.State, out var taken);
        var events = EventLogs.TakeAppended(grainState.State, out var log, out var appended);
        var command = new WriteCommand(
            expected is null ? WriteKind.Insert : WriteKind.Update,
            key,
            payload,
            GrainStateJsonFormat.CurrentVersion,
            expected,
            items,
            events);

        WriteOutcome outcome;
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            outcome = await _writer.SubmitAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            ItemMaps.GiveBack(taken);
            EventLogs.GiveBack(log, appended);
            if (IsDatabaseFailure(exception))
            {
                throw Unavailable("write", key, exception);
            }

            throw;
        }

        if (!outcome.Succeeded)
        {
            ItemMaps.GiveBack(taken);
            EventLogs.GiveBack(log, appended);
            throw Conflict("write", key, grainState.ETag, outcome.StoredVersion);
        }

        grainState.ETag = FormatETag(outcome.NewVersion!.Value);
        grainState.RecordExists = true;
    }

    /// <remarks>
    /// Deletes the row. A grain that writes again afterwards starts over at version 1, so an
    /// activation that still holds an ETag from before the clear could match by coincidence; with
    /// Orleans' single activation per grain that needs a duplicate activation to outlive a clear and
    /// as many writes as it missed.
    /// </remarks>
    public async Task ClearStateAsync<T>(
        string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var key = StateKey.From(stateName, grainId);
        var expected = ParseETag(grainState.ETag, key, "clear");
        var command = new WriteCommand(WriteKind.Delete, key, Payload: null, FormatVersion: 0, expected);

        WriteOutcome outcome;
        try
        {
            outcome = await _writer.SubmitAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsDatabaseFailure(exception))
        {
            throw Unavailable("clear", key, exception);
        }

        if (!outcome.Succeeded)
        {
            throw Conflict("clear", key, grainState.ETag, outcome.StoredVersion);
        }

        ResetGrainState(grainState);
    }

    /// <summary>Stops accepting writes, commits everything queued, and releases the database.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _disposal ??= DisposeCoreAsync();
            return new ValueTask(_disposal);
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task DisposeCoreAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _dialect.DisposeAsync().ConfigureAwait(false);
    }

    private Task OnStartAsync(CancellationToken cancellationToken) => EnsureInitializedAsync(cancellationToken);

    // Runs after grain deactivation (a later stage stops first), so the state that deactivating
    // grains wrote is in the queue; it is committed before the silo goes.
    private Task OnStopAsync(CancellationToken cancellationToken) =>
        _writer.DisposeAsync().AsTask().WaitAsync(cancellationToken);

    /// <summary>
    /// Creates the schema once, whether the silo lifecycle or the first grain gets here first; a
    /// failed attempt (say, the disk was not mounted yet) is retried by the next caller.
    /// </summary>
    private Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        var initialization = Volatile.Read(ref _initialization);
        if (initialization is not { IsCompletedSuccessfully: true })
        {
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposal is not null, this);
                if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
                {
                    _initialization = InitializeAsync();
                }

                initialization = _initialization;
            }
        }

        return initialization.IsCompletedSuccessfully ? Task.CompletedTask : initialization.WaitAsync(cancellationToken);
    }

    private async Task InitializeAsync()
    {
        // Yield first: the lock in EnsureInitializedAsync must not be held across the database work.
        await Task.Yield();
        await _dialect.EnsureSchemaAsync(CancellationToken.None).ConfigureAwait(false);
        _writer.Start();
        LogInitialized(_logger, _name, _dialect.Name, _options.MaxBatchSize);
    }

    private void ResetGrainState<T>(IGrainState<T> grainState)
    {
        grainState.State = CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    // The same activator Orleans uses for a fresh activation's state, so a cleared or missing row
    // looks exactly like a grain that never stored anything.
    private T CreateInstance<T>() => _activatorProvider.GetActivator<T>().Create();

    private static string FormatETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private long? ParseETag(string? etag, StateKey key, string operation)
    {
        if (etag is null)
        {
            return null;
        }

        if (long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }

        // Not one of ours (state migrated from another provider?): it cannot match any stored version.
        throw new InconsistentStateException(
            $"Grain storage '{_name}': {operation} of state {key} carries ETag '{etag}', which this storage never issued.",
            storedEtag: null,
            currentEtag: etag);
    }

    /// <summary>
    /// The database failed (down, restarting, unreachable, or refusing the statement): anything but
    /// a version conflict, a cancellation or a state that cannot be read as its type.
    /// </summary>
    private static bool IsDatabaseFailure(Exception exception) =>
        exception is System.Data.Common.DbException or IOException or System.Net.Sockets.SocketException or TimeoutException
            || (exception is InvalidOperationException && exception.InnerException is System.Data.Common.DbException or IOException);

    private StorageUnavailableException Unavailable(string operation, StateKey key, Exception exception)
    {
        LogUnavailable(_logger, exception, _name, operation, key.ToString());
        return new StorageUnavailableException($"Grain storage could not {operation} state {key} ({exception.GetType().Name}: {exception.Message}); the call may be retried.");
    }

    private InconsistentStateException Conflict(string operation, StateKey key, string? currentETag, long? storedVersion)
    {
        var stored = storedVersion is { } version ? FormatETag(version) : null;
        LogConflict(_logger, _name, operation, key.ToString(), currentETag, stored);
        return new InconsistentStateException(
            $"Grain storage '{_name}': {operation} of state {key} expected version {currentETag ?? "(none)"} "
            + $"but storage has {stored ?? "(no row)"}.",
            stored,
            currentETag);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Grain storage {Name} ready ({Dialect}, group commit of up to {MaxBatchSize} writes)")]
    private static partial void LogInitialized(ILogger logger, string name, string dialect, int maxBatchSize);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain storage {Name}: {Operation} of state {Key} failed in the database")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string name, string operation, string key);

    [LoggerMessage(Level = LogLevel.Debug,
        Message = "Grain storage {Name}: {Operation} of state {Key} rejected: ETag {CurrentETag}, stored {StoredETag}")]
    private static partial void LogConflict(
        ILogger logger, string name, string operation, string key, string? currentETag, string? storedETag);
}
