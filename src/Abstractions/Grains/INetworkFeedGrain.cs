using Orleans.Concurrency;

namespace Viidakko;

/// <summary>
/// The operator's view of a network's event feed: every event of every firm of the network, in the
/// order they were stored, read from the firms' stored events (firm writes pay nothing for it).
/// Stateless: any silo answers. Key: the network id.
/// </summary>
[Alias("viidakko.INetworkFeedGrain")]
public interface INetworkFeedGrain : IGrainWithStringKey
{
    /// <summary>
    /// Up to <paramref name="limit"/> events stored after <paramref name="afterCursor"/> (empty: from
    /// the oldest kept). INVALID_ARGUMENT for a cursor this hub did not give out; OUT_OF_RANGE
    /// (<see cref="Reasons.CursorExpired"/>) for one older than the retention.
    /// </summary>
    [ReadOnly, Alias("List")] Task<NetworkEventPage> ListAsync(string afterCursor, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="ListAsync"/>, but when nothing was stored after the cursor waits up to
    /// <paramref name="maxWait"/> for something to be (a long poll; an empty page is a heartbeat).
    /// </summary>
    [ReadOnly, Alias("Wait")] Task<NetworkEventPage> WaitAsync(string afterCursor, int limit, TimeSpan maxWait, CancellationToken cancellationToken = default);
}
