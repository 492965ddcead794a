using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

public sealed class FlowQuotasTests
{
    private static readonly DateTime Morning = new(2026, 12, 8, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_day_allows_its_limit_and_the_refusal_waits_until_midnight()
    {
        FlowCount? count = null;
        for (var i = 1; i <= 3; i++)
        {
            count = FlowQuotas.Take(count, Morning, 3, "referrals");
            Assert.Equal(i, count.Used);
        }

        var refused = Assert.Throws<DomainException>(() => FlowQuotas.Take(count, Morning.AddHours(5), 3, "referrals"));
        Assert.Equal(Reasons.FlowQuotaExceeded, refused.Reason);
        Assert.Equal(DomainErrorKind.ResourceExhausted, refused.Kind);
        Assert.Equal(TimeSpan.FromHours(10), refused.RetryAfter);
    }

    [Fact]
    public void A_new_day_starts_from_zero() =>
        Assert.Equal(new FlowCount(DateOnly.FromDateTime(Morning.AddDays(1)), 1),
            FlowQuotas.Take(new FlowCount(DateOnly.FromDateTime(Morning), 3), Morning.AddDays(1), 3, "referrals"));

    [Fact]
    public void The_networks_own_limit_wins_over_the_default()
    {
        Assert.Equal(7, FlowQuotas.Limit(7, 500));
        Assert.Equal(500, FlowQuotas.Limit(0, 500));
    }
}
