namespace Viidakko.Grains.Domain;

/// <summary>
/// When a webhook delivery that failed is tried again. The wait doubles from 30 seconds up to
/// 6 hours, each wait scaled by a random factor between 0.8 and 1.2 so that endpoints that failed
/// together do not all get retried in the same second. Retrying stops three days after the first
/// attempt; the last retry is moved to exactly that moment, so a receiver that comes back on the
/// third day still gets the event instead of the schedule giving up hours early.
/// </summary>
/// <remarks>
/// With a jitter of 0.5 (a factor of exactly 1) the attempts are at 0, 30 s, 1.5 min, 3.5 min, 7.5 min,
/// 15.5 min, 31.5 min, about 1 h, 2.1 h, 4.3 h and 8.5 h, then every 6 hours up to 68.5 h, and the
/// last at 72 h: 22 attempts in all.
/// With random jitter the count lies between 20 (every wait 1.2 times as long) and 25 (every wait
/// 0.8 times as long). Each wait starts when an attempt ends, so slow attempts can only lower it.
/// </remarks>
public static class WebhookRetrySchedule
{
    /// <summary>How long after the first attempt the hub keeps trying; after that the delivery is failed.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(3);

    /// <summary>The wait after the first failed attempt, before jitter.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts, before jitter.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(6);

    /// <summary>
    /// When the next attempt is due after <paramref name="attemptsMade"/> attempts (at least one),
    /// the last of which ended at <paramref name="nowUtc"/>; null when that was the final attempt and
    /// the delivery is failed. <paramref name="jitter"/> is a random number in [0, 1), for example
    /// <c>Random.Shared.NextDouble()</c>; passing it in keeps this method deterministic to test.
    /// </summary>
    /// <remarks>
    /// A regular wait that would end past the three days is cut short to end exactly at
    /// <c>firstAttemptUtc + GiveUpAfter</c>. When less than <see cref="FirstDelay"/> is left before
    /// that moment the schedule gives up instead: an attempt seconds after the previous one would
    /// not tell the hub anything new, and an attempt run a moment early must not earn another.
    /// </remarks>
    public static DateTime? NextAttempt(DateTime firstAttemptUtc, int attemptsMade, DateTime nowUtc, double jitter)
    {
        var delay = Delay(attemptsMade, jitter);
        var deadline = firstAttemptUtc + GiveUpAfter;
        if (deadline - nowUtc < FirstDelay)
        {
            return null;
        }

        var next = nowUtc + delay;
        return next < deadline ? next : deadline;
    }

    /// <summary>
    /// The wait after attempt number <paramref name="attemptsMade"/>: 30 s × 2^(attemptsMade − 1),
    /// at most 6 hours, times 0.8 + 0.4 × <paramref name="jitter"/>.
    /// </summary>
    public static TimeSpan Delay(int attemptsMade, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptsMade, 1);
        if (!(jitter >= 0 && jitter < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "Jitter must be in [0, 1).");
        }

        // 30 s × 2^10 is already past the cap; stopping the exponent there avoids overflow.
        var doublings = Math.Min(attemptsMade - 1, 10);
        var ticks = Math.Min(FirstDelay.Ticks << doublings, MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)Math.Round(ticks * (0.8 + 0.4 * jitter)));
    }
}
