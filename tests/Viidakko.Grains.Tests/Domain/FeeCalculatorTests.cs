using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

public sealed class FeeCalculatorTests
{
    private static PartnershipTerms Terms(decimal percent, int capMonths = 0) => new(percent, capMonths, 12, []);

    [Fact]
    public void Fee_is_the_percent_of_the_won_value()
    {
        Assert.Equal(120_000, FeeCalculator.FeeDueCents(Terms(10), 1_200_000, 12));
        Assert.Equal(30_000, FeeCalculator.FeeDueCents(Terms(2.5m), 1_200_000, 12));
    }

    [Fact]
    public void Cap_limits_the_fee_to_the_capped_months_share_of_the_value()
    {
        // 10 % of 12,000 € over 12 months, fee on at most 6 months: 10 % of 6,000 € = 600 €.
        Assert.Equal(60_000, FeeCalculator.FeeDueCents(Terms(10, capMonths: 6), 1_200_000, 12));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(3)]
    public void Contract_within_the_cap_pays_on_the_whole_value(int months)
    {
        Assert.Equal(120_000, FeeCalculator.FeeDueCents(Terms(10, capMonths: 6), 1_200_000, months));
    }

    [Fact]
    public void Zero_cap_means_no_cap()
    {
        Assert.Equal(120_000, FeeCalculator.FeeDueCents(Terms(10, capMonths: 0), 1_200_000, 36));
    }

    [Fact]
    public void Missing_contract_length_counts_as_one_month()
    {
        Assert.Equal(120_000, FeeCalculator.FeeDueCents(Terms(10, capMonths: 6), 1_200_000, 0));
    }

    [Theory]
    [InlineData(0, 1_200_000)]
    [InlineData(10, 0)]
    [InlineData(10, -5_000)]
    public void No_percent_or_no_value_owes_nothing(int percent, long wonValueCents)
    {
        Assert.Equal(0, FeeCalculator.FeeDueCents(Terms(percent, capMonths: 6), wonValueCents, 12));
    }

    [Theory]
    [InlineData(5, 1)]   // 0.5 cent rounds away from zero
    [InlineData(4, 0)]   // 0.4 cent rounds down
    [InlineData(15, 2)]  // 1.5 cents
    [InlineData(1_001, 100)]
    public void Fee_rounds_half_away_from_zero_to_whole_cents(long wonValueCents, long expected)
    {
        Assert.Equal(expected, FeeCalculator.FeeDueCents(Terms(10), wonValueCents, 1));
    }

    [Fact]
    public void Capped_share_is_rounded_once_at_the_end()
    {
        // 1,000 € over 7 months capped at 3: 10 % of 428.571428… € = 42.857… € -> 42.86 €.
        Assert.Equal(4_286, FeeCalculator.FeeDueCents(Terms(10, capMonths: 3), 100_000, 7));
    }
}
