using System.Data.Common;

namespace Viidakko.Silo.Storage;

/// <summary>
/// Everything <see cref="RelationalGrainStorage"/> needs to know about one database engine.
/// </summary>
/// <remarks>
/// The storage logic (ETag checks, group commit, the JSON format) is written once against
/// <see cref="DbConnection"/>; a dialect supplies connections, the schema and the SQL text. All
/// statements use the same named parameters so that the storage can bind them without knowing the
/// engine:
/// <c>@state_name</c>, <c>@grain_type</c>, <c>@grain_key</c> (text), <c>@payload</c> (JSON text),
/// <c>@format_version</c> (int) and <c>@version</c> (bigint, the version the caller expects).
/// Table <c>grain_state</c>, primary key (state_name, grain_type, grain_key).
/// Entries of item maps (<see cref="IItemMap"/>) live in table <c>grain_item</c>, primary key
/// (state_name, grain_type, grain_key, collection, item_key), with <c>@collection</c> and
/// <c>@item_key</c> as further parameters. They are written in the same transaction as their
/// state's row and only after its version check passed, so they share its ETag protection.
/// Events of a state's event log (<see cref="IEventLog"/>) live in table <c>grain_event</c>, primary
/// key (state_name, grain_type, grain_key, sequence), written the same way and read only by range.
/// </remarks>
internal interface IStorageDialect : IAsyncDisposable
{
    /// <summary>A short name for logs, e.g. "sqlite".</summary>
    string Name { get; }

    /// <summary>
    /// Creates whatever must exist before the first statement (database file, its directory, the
    /// table). Must be idempotent: every silo start calls it.
    /// </summary>
    Task EnsureSchemaAsync(CancellationToken cancellationToken);

    /// <summary>Opens a short-lived connection for one read; the dialect may pool these.</summary>
    Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens the one long-lived connection the group-commit writer uses, configured for durable
    /// commits (a commit that returned must survive a power cut).
    /// </summary>
    Task<DbConnection> OpenWriteConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A statement failed in a way that may have broken connections (the server restarted): drop the
    /// idle pooled ones, so the next open makes a fresh connection instead of finding a dead one.
    /// </summary>
    void DiscardIdleConnections();

    /// <summary>Returns <c>payload, format_version, version</c> of one row.</summary>
    string SelectStateSql { get; }

    /// <summary>Returns <c>version</c> of one row (to report the stored ETag on a conflict).</summary>
    string SelectVersionSql { get; }

    /// <summary>
    /// Inserts a row with version 1, affecting 0 rows (not raising an error) when the row exists.
    /// </summary>
    /// <remarks>
    /// "Do nothing" rather than a unique-key violation matters for group commit: on PostgreSQL any
    /// error aborts the whole transaction, which would fail every other write in the batch.
    /// </remarks>
    string InsertStateSql { get; }

    /// <summary>Replaces payload and increments the version only <c>WHERE version = @version</c>.</summary>
    string UpdateStateSql { get; }

    /// <summary>Deletes the row only <c>WHERE version = @version</c>.</summary>
    string DeleteStateSql { get; }

    /// <summary>
    /// One statement (one snapshot, one round trip) returning <c>kind, collection, item_key, payload,
    /// format_version, version</c>: the state's row first (kind 0, empty collection and key), then
    /// every item of it (kind 1, version null).
    /// </summary>
    string SelectStateAndItemsSql { get; }

    /// <summary>Inserts or replaces one item (<c>@payload</c>, <c>@format_version</c>).</summary>
    string UpsertItemSql { get; }

    /// <summary>Deletes one item, if it exists.</summary>
    string DeleteItemSql { get; }

    /// <summary>Deletes every item of one state.</summary>
    string DeleteItemsSql { get; }

    /// <summary>
    /// Inserts one event of the state's event log (<c>@sequence</c>, <c>@event_time</c> in Unix
    /// milliseconds, <c>@payload</c>, <c>@format_version</c>), doing nothing if it exists.
    /// </summary>
    string InsertEventSql { get; }

    /// <summary>Returns <c>sequence, payload, format_version</c> of up to <c>@limit</c> events with a sequence above <c>@after</c>, ascending.</summary>
    string SelectEventsSql { get; }

    /// <summary>
    /// Returns <c>major, minor, grain_key, sequence, event_time, payload, format_version</c> of up to
    /// <c>@limit</c> events of one state name and grain type whose key's first <c>/</c>-separated part
    /// is <c>@group</c>, stored after the cursor (<c>@major</c>, <c>@minor</c>), in commit order. A
    /// write that commits later must never sort before a row already returned.
    /// </summary>
    string SelectGroupEventsSql { get; }

    /// <summary>Deletes every event of one state.</summary>
    string DeleteEventsSql { get; }

    /// <summary>Deletes up to <c>@limit</c> events (of any state) older than <c>@before</c> (Unix milliseconds).</summary>
    string PruneEventsSql { get; }
}
