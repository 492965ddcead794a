using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// A network's feed for its operator, read from the events the network's firms stored (in commit
/// order, see <see cref="IEventLogReader.ReadGroupAsync{TEvent}"/>). It holds nothing, so any silo
/// runs it, and firm writes pay nothing for it: a watch costs one indexed query per poll interval.
/// </summary>
[GrainType("network-feed"), StatelessWorker, Reentrant]
internal sealed class NetworkFeedGrain(
    [FromKeyedServices(GrainStorage.Name)] IEventLogReader events,
    IOptions<NetworkFeedOptions> options,
    TimeProvider clock) : Grain, INetworkFeedGrain
{
    /// <summary>The largest page a reader gets at once.</summary>
    public const int MaxPage = 1000;

    private GrainType? _firmType;

    private string NetworkId => this.GetPrimaryKeyString();

    private GrainType FirmType => _firmType ??= GrainFactory.GetGrain<IFirmGrain>(ResourceIds.FirmKey(NetworkId, "_")).GetGrainId().Type;

    public async Task<NetworkEventPage> ListAsync(string afterCursor, int limit, CancellationToken cancellationToken = default)
    {
        var (place, time) = NetworkFeedCursor.Parse(afterCursor);
        await CheckNotExpiredAsync(time, cancellationToken);
        return await ReadAsync(afterCursor, place, limit, cancellationToken);
    }

    public async Task<NetworkEventPage> WaitAsync(string afterCursor, int limit, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        var (place, time) = NetworkFeedCursor.Parse(afterCursor);
        await CheckNotExpiredAsync(time, cancellationToken);
        var until = clock.GetUtcNow() + maxWait;
        while (true)
        {
            var page = await ReadAsync(afterCursor, place, limit, cancellationToken);
            var left = until - clock.GetUtcNow();
            if (page.Events.Count > 0 || left <= TimeSpan.Zero)
            {
                return page;
            }

            var pause = options.Value.PollInterval < left ? options.Value.PollInterval : left;
            await Task.Delay(pause, clock, cancellationToken);
        }
    }

    private async Task<NetworkEventPage> ReadAsync(string afterCursor, EventCursor place, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxPage);
        var stored = await events.ReadGroupAsync<FirmEvent>(GrainStorage.FirmState, FirmType, NetworkId, place, limit, cancellationToken);
        var entries = stored
            .Select(s => new NetworkEventEntry(
                ResourceIds.SplitKey(s.GrainKey) is [_, var firm] ? firm : s.GrainKey,
                s.Event with { Position = s.Sequence },
                NetworkFeedCursor.Format(s.Cursor, s.Time)))
            .ToList();
        return new NetworkEventPage(entries, entries.Count > 0 ? entries[^1].Cursor : afterCursor, UpToDate: entries.Count < limit);
    }

    private async Task CheckNotExpiredAsync(DateTime? cursorTime, CancellationToken cancellationToken)
    {
        if (!NetworkFeedCursor.IsExpired(cursorTime, clock.GetUtcNow().UtcDateTime, events.Retention))
        {
            return;
        }

        var oldest = await events.ReadGroupAsync<FirmEvent>(GrainStorage.FirmState, FirmType, NetworkId, EventCursor.Start, 1, cancellationToken);
        throw DomainException.NetworkCursorExpired(events.Retention, oldest.Count > 0 ? oldest[0].Time : null);
    }
}
