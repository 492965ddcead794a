using Orleans;

namespace Viidakko.Silo.Storage;

/// <summary>Options of one named Viidakko relational grain storage.</summary>
public sealed class RelationalGrainStorageOptions
{
    /// <summary>Default for <see cref="MaxBatchSize"/>.</summary>
    public const int DefaultMaxBatchSize = 512;

    /// <summary>
    /// Path of the SQLite database file, e.g. <c>.data/viidakko.db</c>. Its directory is created if
    /// missing. Ignored when <see cref="ConnectionString"/> is set.
    /// </summary>
    public string? DatabasePath { get; set; }

    /// <summary>
    /// A full ADO.NET connection string, for settings that <see cref="DatabasePath"/> cannot express.
    /// For SQLite its <c>Data Source</c> must be a file: an in-memory database would not be shared
    /// between the writer and the readers.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Most writes committed in one transaction. Larger batches mean fewer fsyncs under load; the
    /// limit keeps one transaction (and the time its callers wait) bounded.
    /// </summary>
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    /// <summary>Default for <see cref="EventRetention"/>.</summary>
    public static readonly TimeSpan DefaultEventRetention = TimeSpan.FromDays(90);

    /// <summary>How long events of event logs (a firm's feed) are kept; older ones are dropped hourly.</summary>
    public TimeSpan EventRetention { get; set; } = DefaultEventRetention;

    /// <summary>Silo lifecycle stage at which the schema is created.</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;
}
