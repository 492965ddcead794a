using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary>The request ids (AIP-155) a grain remembers: retries recognised, reuse refused, memory bounded.</summary>
public sealed class RequestLogTests
{
    [Fact]
    public void A_remembered_id_is_a_retry_of_the_same_target_only()
    {
        var log = new List<string>();
        Assert.False(RequestLog.IsRetry(log, "r1", "accept:beta"));
        RequestLog.Remember(log, "r1", "accept:beta", 10);

        Assert.True(RequestLog.IsRetry(log, "r1", "accept:beta"));
        var error = Assert.Throws<DomainException>(() => RequestLog.IsRetry(log, "r1", "end:beta"));
        Assert.Equal(Reasons.RequestIdReused, error.Reason);
        Assert.Throws<DomainException>(() => RequestLog.IsRetry(log, "r1", "accept:beta-2"));
    }

    [Fact]
    public void No_id_is_never_a_retry_and_is_not_remembered()
    {
        var log = new List<string>();
        RequestLog.Remember(log, null, "accept:beta", 10);
        RequestLog.Remember(log, "", "accept:beta", 10);
        Assert.Empty(log);
        Assert.False(RequestLog.IsRetry(log, null, "accept:beta"));
    }

    [Fact]
    public void The_oldest_ids_are_forgotten_beyond_the_limit()
    {
        var log = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            RequestLog.Remember(log, $"r{i}", "t", 3);
        }

        Assert.Equal(3, log.Count);
        Assert.False(RequestLog.IsRetry(log, "r0", "t"));
        Assert.True(RequestLog.IsRetry(log, "r4", "t"));
    }
}
