namespace Viidakko.Testing;

/// <summary>
/// The real time plus an offset the test moves forward. Only the wall clock moves: timestamps and
/// timers stay the system's, so the runtime's own timeouts and delays are untouched.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private long _offsetTicks;

    /// <summary>A clock that runs with the system's; with <paramref name="start"/>, that far from it (a negative one runs in the past).</summary>
    public ManualClock(TimeSpan start = default) => _offsetTicks = start.Ticks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Lets <paramref name="time"/> pass at once.</summary>
    public void Advance(TimeSpan time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(time, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, time.Ticks);
    }
}
