namespace Viidakko.Gateway.Services;

/// <summary>
/// How long a watch rides out a cluster that does not answer (a silo died or stopped, its grains
/// move) before it gives up: the watch holds nothing but its place, so it goes on once the cluster answers.
/// </summary>
internal sealed class OutageWindow(TimeProvider clock)
{
    /// <summary>The longest outage a watch waits through.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    private DateTime? _since;

    /// <summary>The cluster answered: an outage, if there was one, is over.</summary>
    public void Answered() => _since = null;

    /// <summary>A round failed: true while the outage is within <see cref="Budget"/> (wait and retry), false once past it.</summary>
    public bool Failed()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        _since ??= now;
        return now - _since <= Budget;
    }
}
