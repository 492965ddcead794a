namespace Viidakko.LoadTest;

/// <summary>What the event-feed watchers of a run saw (see <see cref="FeedWatchers"/>).</summary>
/// <param name="CaughtUp">Events read after the streams were closed (not yet delivered live then).</param>
/// <param name="Reconnects">Streams that ended without being asked to (a gateway or silo went away) and were resumed.</param>
/// <param name="Churned">Streams the watchers dropped themselves and resumed (with churn).</param>
/// <param name="Acknowledged">Changes the workload saw acknowledged whose events a watched feed must hold.</param>
/// <param name="Missing">Of those, events no watcher of that firm received.</param>
internal sealed record WatchResult(
    int Streams,
    bool Churn,
    long Events,
    long CaughtUp,
    long Reconnects,
    long Churned,
    long Gaps,
    long Repeats,
    long Acknowledged,
    long Missing,
    long LatencyCount,
    double LatencyP50Ms,
    double LatencyP99Ms,
    double LatencyMaxMs)
{
    /// <summary>Every feed was complete and in order.</summary>
    public bool Passed => Gaps == 0 && Repeats == 0 && Missing == 0;
}
