using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

public sealed class DifficultyCalculatorTests
{
    private static readonly DateTime At = new(2026, 1, 15, 9, 0, 0, DateTimeKind.Utc);

    private static HassleEntry Hassle(HassleKind kind, int minutes) => new(Guid.NewGuid().ToString("N"), kind, minutes, "", At, At);

    private static RevenueEntry Revenue(long cents) => new(Guid.NewGuid().ToString("N"), cents, "", At, At);

    /// <summary>Hassle minutes against 1,000 € of revenue: the figure is then hours per 1,000 € directly.</summary>
    private static Difficulty PerThousand(int minutes) =>
        DifficultyCalculator.Compute([Hassle(HassleKind.Call, minutes)], [Revenue(100_000)]);

    [Theory]
    [InlineData(0, DifficultyLevel.Low)]
    [InlineData(119, DifficultyLevel.Low)]     // 1.983 h
    [InlineData(120, DifficultyLevel.Medium)]  // 2 h: the MEDIUM threshold itself
    [InlineData(299, DifficultyLevel.Medium)]  // 4.983 h
    [InlineData(300, DifficultyLevel.High)]    // 5 h: the HIGH threshold itself
    [InlineData(900, DifficultyLevel.High)]
    public void Level_follows_the_2_and_5_hour_thresholds(int minutes, DifficultyLevel expected)
    {
        var d = PerThousand(minutes);
        Assert.Equal(expected, d.Level);
        Assert.Equal(Math.Round(minutes / 60.0, 3), d.HassleHoursPerThousandEur);
    }

    [Theory]
    [InlineData(1.999, DifficultyLevel.Low)]
    [InlineData(2.0, DifficultyLevel.Medium)]
    [InlineData(4.999, DifficultyLevel.Medium)]
    [InlineData(5.0, DifficultyLevel.High)]
    public void LevelOf_uses_the_published_thresholds(double hours, DifficultyLevel expected)
    {
        Assert.Equal(expected, DifficultyCalculator.LevelOf(hours));
    }

    [Fact]
    public void Figure_scales_with_revenue()
    {
        // 3 hours against 3,000 €: 1 hour per 1,000 €.
        var d = DifficultyCalculator.Compute([Hassle(HassleKind.Meeting, 180)], [Revenue(100_000), Revenue(200_000)]);
        Assert.Equal(1.0, d.HassleHoursPerThousandEur);
        Assert.Equal(DifficultyLevel.Low, d.Level);
        Assert.Equal(300_000, d.RevenueCents);
    }

    [Fact]
    public void Hassle_without_revenue_is_high()
    {
        var d = DifficultyCalculator.Compute([Hassle(HassleKind.Email, 5)], []);
        Assert.Equal(DifficultyLevel.High, d.Level);
        Assert.Equal(5, d.HassleMinutes);
    }

    [Fact]
    public void Hassle_against_refunds_only_is_high()
    {
        var d = DifficultyCalculator.Compute([Hassle(HassleKind.Email, 5)], [Revenue(-10_000)]);
        Assert.Equal(DifficultyLevel.High, d.Level);
    }

    [Fact]
    public void Nothing_logged_says_nothing()
    {
        var d = DifficultyCalculator.Compute([], []);
        Assert.Equal(DifficultyLevel.Unspecified, d.Level);
        Assert.Equal(0, d.HassleMinutes);
        Assert.Empty(d.ByKind);
    }

    [Fact]
    public void Revenue_without_hassle_is_low()
    {
        Assert.Equal(DifficultyLevel.Low, DifficultyCalculator.Compute([], [Revenue(50_000)]).Level);
    }

    [Fact]
    public void Totals_are_given_per_kind_in_kind_order()
    {
        var d = DifficultyCalculator.Compute(
            [
                Hassle(HassleKind.ScopeChange, 60),
                Hassle(HassleKind.Call, 10),
                Hassle(HassleKind.Call, 15),
                Hassle(HassleKind.AttitudeIncident, 0),
            ],
            [Revenue(1_000_000)]);

        Assert.Equal(
            [
                new HassleKindTotal(HassleKind.Call, 2, 25),
                new HassleKindTotal(HassleKind.AttitudeIncident, 1, 0),
                new HassleKindTotal(HassleKind.ScopeChange, 1, 60),
            ],
            d.ByKind);
        Assert.Equal(85, d.HassleMinutes);
    }
}
