namespace Viidakko.LoadTest;

/// <summary>What the operator's network watches of a run saw (see <see cref="NetworkWatcher"/>).</summary>
/// <param name="Firms">Firms whose events the network feeds carried during the run.</param>
/// <param name="Gaps">Events whose position did not follow the last one seen of their firm.</param>
/// <param name="Repeats">Events seen again (after a resume), at least once as promised; counted, not a failure.</param>
/// <param name="Missing">Events of the firms' own feeds (up to their heads at the end) the network feeds never carried.</param>
internal sealed record NetworkWatchResult(
    int Streams,
    bool Churn,
    long Events,
    long CaughtUp,
    long Reconnects,
    long Churned,
    int Firms,
    long Gaps,
    long Repeats,
    long Missing,
    long LatencyCount,
    double LatencyP50Ms,
    double LatencyP99Ms,
    double LatencyMaxMs)
{
    /// <summary>Every firm's events arrived through its network's feed, complete and in order.</summary>
    public bool Passed => Gaps == 0 && Missing == 0;
}
