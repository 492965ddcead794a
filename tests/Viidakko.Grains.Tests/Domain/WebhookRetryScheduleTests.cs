using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary><see cref="WebhookRetrySchedule"/>: backoff that doubles, spreads out, and ends on the third day.</summary>
public sealed class WebhookRetryScheduleTests
{
    private static readonly DateTime T0 = new(2026, 4, 1, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Deadline = T0 + WebhookRetrySchedule.GiveUpAfter;

    /// <summary>Every attempt time of a delivery that never succeeds, each attempt taking no time.</summary>
    private static List<DateTime> Attempts(Func<double> jitter)
    {
        var attempts = new List<DateTime> { T0 };
        while (WebhookRetrySchedule.NextAttempt(T0, attempts.Count, attempts[^1], jitter()) is { } next)
        {
            attempts.Add(next);
            Assert.True(attempts.Count < 100, "the schedule never gives up");
        }

        return attempts;
    }

    [Fact]
    public void The_wait_doubles_from_30_seconds_up_to_6_hours()
    {
        Assert.Equal(TimeSpan.FromDays(3), WebhookRetrySchedule.GiveUpAfter);
        Assert.Equal(TimeSpan.FromSeconds(30), WebhookRetrySchedule.Delay(1, 0.5));
        Assert.Equal(TimeSpan.FromMinutes(1), WebhookRetrySchedule.Delay(2, 0.5));
        Assert.Equal(TimeSpan.FromMinutes(2), WebhookRetrySchedule.Delay(3, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(30 * 512), WebhookRetrySchedule.Delay(10, 0.5));
        Assert.Equal(TimeSpan.FromHours(6), WebhookRetrySchedule.Delay(11, 0.5));
        Assert.Equal(TimeSpan.FromHours(6), WebhookRetrySchedule.Delay(int.MaxValue, 0.5));

        Assert.Equal(TimeSpan.FromSeconds(24), WebhookRetrySchedule.Delay(1, 0));
        Assert.Equal(TimeSpan.FromMinutes(288), WebhookRetrySchedule.Delay(40, 0));
        Assert.InRange(WebhookRetrySchedule.Delay(40, 0.999999), TimeSpan.FromHours(7.19), TimeSpan.FromHours(7.2));
        Assert.Equal(T0.AddSeconds(60), WebhookRetrySchedule.NextAttempt(T0, 1, T0.AddSeconds(30), 0.5));
    }

    [Theory]
    [InlineData(0.0, 25)]
    [InlineData(0.5, 22)]
    [InlineData(0.999999, 20)]
    public void Without_success_the_attempts_rise_and_the_last_is_at_three_days(double jitter, int expectedAttempts)
    {
        var attempts = Attempts(() => jitter);

        Assert.Equal(expectedAttempts, attempts.Count);
        Assert.True(attempts.Zip(attempts.Skip(1)).All(pair => pair.Second > pair.First));
        Assert.Equal(Deadline, attempts[^1]);
        // The final wait was cut short, not given up on hours before the mark.
        Assert.True(Deadline - attempts[^2] < WebhookRetrySchedule.Delay(attempts.Count - 1, jitter));
    }

    [Fact]
    public void With_random_jitter_the_count_stays_between_20_and_25_and_ends_near_three_days()
    {
        var random = new Random(20260401);
        for (var run = 0; run < 500; run++)
        {
            var attempts = Attempts(random.NextDouble);

            Assert.InRange(attempts.Count, 20, 25);
            Assert.True(attempts.Zip(attempts.Skip(1)).All(pair => pair.Second - pair.First >= TimeSpan.FromSeconds(24)));
            Assert.InRange(attempts[^1], Deadline - WebhookRetrySchedule.FirstDelay, Deadline);
        }
    }

    [Fact]
    public void An_attempt_at_or_just_before_the_mark_is_the_last()
    {
        Assert.Null(WebhookRetrySchedule.NextAttempt(T0, 22, Deadline, 0.5));
        Assert.Null(WebhookRetrySchedule.NextAttempt(T0, 22, Deadline.AddHours(1), 0.5));
        Assert.Null(WebhookRetrySchedule.NextAttempt(T0, 22, Deadline.AddMilliseconds(-5), 0.5));
        Assert.Null(WebhookRetrySchedule.NextAttempt(T0, 3, Deadline.AddSeconds(-29), 0.5));
        Assert.Equal(Deadline, WebhookRetrySchedule.NextAttempt(T0, 3, Deadline.AddSeconds(-30), 0.999));
        Assert.Equal(Deadline, WebhookRetrySchedule.NextAttempt(T0, 21, Deadline.AddHours(-1), 0.5));
    }

    [Fact]
    public void Nonsense_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookRetrySchedule.NextAttempt(T0, 0, T0, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookRetrySchedule.NextAttempt(T0, 1, T0, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookRetrySchedule.NextAttempt(T0, 1, T0, -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookRetrySchedule.NextAttempt(T0, 1, T0, double.NaN));
    }
}
