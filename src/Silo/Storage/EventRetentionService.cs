using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Viidakko.Silo.Storage;

/// <summary>
/// Drops events older than <see cref="RelationalGrainStorageOptions.EventRetention"/> from one
/// storage's event logs, a minute after the silo starts and then every hour, in small batches.
/// Every silo of a cluster does it; deleting what another already deleted costs nothing.
/// </summary>
/// <remarks>Registered as a keyed singleton under the storage's name, so an operator tool or a test can also prune at once.</remarks>
public sealed partial class EventRetentionService(string storageName, IServiceProvider services, TimeProvider clock, ILogger<EventRetentionService> logger)
    : BackgroundService
{
    private static readonly TimeSpan FirstRun = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private const int BatchSize = 1000;

    /// <summary>Drops every event older than the retention now; returns how many.</summary>
    public async Task<long> PruneOnceAsync(CancellationToken cancellationToken = default)
    {
        var storage = (RelationalGrainStorage)services.GetRequiredKeyedService<IGrainStorage>(storageName);
        var retention = services.GetRequiredService<IOptionsMonitor<RelationalGrainStorageOptions>>().Get(storageName).EventRetention;
        var before = clock.GetUtcNow().UtcDateTime - retention;
        var deleted = await storage.PruneEventsAsync(before, BatchSize, cancellationToken);
        if (deleted > 0)
        {
            LogPruned(logger, storageName, deleted, before);
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRun;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, stoppingToken);
                await PruneOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database may be restarting: try again at the next round.
                LogFailed(logger, exception, storageName);
            }

            delay = Interval;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage {Name}: dropped {Count} events from before {Before:o} (retention)")]
    private static partial void LogPruned(ILogger logger, string name, long count, DateTime before);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain storage {Name}: dropping old events failed; trying again in an hour")]
    private static partial void LogFailed(ILogger logger, Exception exception, string name);
}
