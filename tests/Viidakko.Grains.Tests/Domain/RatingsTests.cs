using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

public sealed class RatingsTests
{
    private static readonly DateTime T0 = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_rating_alone_unseals_after_the_sealing_period()
    {
        Assert.Equal(TimeSpan.FromDays(14), Ratings.SealPeriod);
        Assert.Equal(T0.AddDays(14), Ratings.UnsealTime(T0, null));

        Assert.False(Ratings.IsUnsealed(T0, null, T0));
        Assert.False(Ratings.IsUnsealed(T0, null, T0.AddDays(14).AddTicks(-1)));
        Assert.True(Ratings.IsUnsealed(T0, null, T0.AddDays(14)));
    }

    [Fact]
    public void Ratings_on_both_sides_unseal_together_when_the_second_one_is_given()
    {
        var first = T0;
        var second = T0.AddDays(3);

        // Both records end up with the later of the two creation times, whichever side asks.
        Assert.Equal(second, Ratings.UnsealTime(first, second));
        Assert.Equal(second, Ratings.UnsealTime(second, first));
        Assert.Equal(first, Ratings.UnsealTime(first, first));

        Assert.False(Ratings.IsUnsealed(first, second, second.AddTicks(-1)));
        Assert.True(Ratings.IsUnsealed(first, second, second));
        Assert.True(Ratings.IsUnsealed(second, first, second));
        // Long before the 14 days would have passed.
        Assert.True(Ratings.UnsealTime(first, second) < Ratings.UnsealTime(first, null));
    }

    [Fact]
    public void Feedback_record_is_unsealed_from_its_unseal_time()
    {
        var input = new FeedbackInput(5, 5, 5, 5, "", null, [], null);
        var record = new FeedbackRecord("r1", "alfa", "beta", input, T0, T0.AddDays(14));

        Assert.False(record.IsUnsealed(T0.AddDays(13)));
        Assert.True(record.IsUnsealed(T0.AddDays(14)));
        Assert.Equal(5.0, record.Overall);
        Assert.Equal(2.5, (record with { Input = input with { Communication = 1, QualityOfWork = 2, MarketingMind = 3, WorkAgain = 4 } }).Overall);
    }

    [Fact]
    public void Decay_weight_halves_every_half_life()
    {
        Assert.Equal(TimeSpan.FromDays(365), Ratings.HalfLife);
        Assert.Equal(1.0, Ratings.DecayWeight(T0, T0), 9);
        Assert.Equal(0.5, Ratings.DecayWeight(T0 - Ratings.HalfLife, T0), 9);
        Assert.Equal(0.25, Ratings.DecayWeight(T0 - 2 * Ratings.HalfLife, T0), 9);
        Assert.Equal(Math.Sqrt(0.5), Ratings.DecayWeight(T0 - Ratings.HalfLife / 2, T0), 9);
        // A rating stamped in the future (clock skew) is not worth more than a fresh one.
        Assert.Equal(1.0, Ratings.DecayWeight(T0.AddDays(10), T0), 9);
    }

    [Fact]
    public void Decayed_average_is_null_without_scores()
    {
        Assert.Null(Ratings.DecayedAverage([], T0));
        Assert.Null(Ratings.DecayedAverage([], T0, priorWeight: 0));
    }

    [Fact]
    public void Decayed_average_without_prior_is_the_recency_weighted_mean()
    {
        // 5 now (weight 1) and 2 a half-life ago (weight 0.5): (5 + 1) / 1.5 = 4.
        var scores = new[] { (5.0, T0), (2.0, T0 - Ratings.HalfLife) };
        Assert.Equal(4.0, Ratings.DecayedAverage(scores, T0, priorWeight: 0)!.Value, 9);

        // Same age: the plain mean.
        Assert.Equal(3.5, Ratings.DecayedAverage([(5.0, T0), (2.0, T0)], T0, priorWeight: 0)!.Value, 9);
        Assert.Equal(1.0, Ratings.DecayedAverage([(1.0, T0 - Ratings.HalfLife)], T0, priorWeight: 0)!.Value, 9);
    }

    [Fact]
    public void Decayed_average_with_prior_pulls_towards_neutral()
    {
        Assert.Equal(2.0, Ratings.PriorWeight);
        Assert.Equal(3.0, Ratings.Neutral);

        // One fresh 5 with two ratings' worth of a neutral 3: (5 + 6) / 3.
        var one = Ratings.DecayedAverage([(5.0, T0)], T0)!.Value;
        Assert.Equal(11 / 3.0, one, 9);
        Assert.Equal((1 + 6) / 3.0, Ratings.DecayedAverage([(1.0, T0)], T0)!.Value, 9);

        // More ratings pull it further from the prior; old ones count less.
        var five = Ratings.DecayedAverage(Enumerable.Repeat((5.0, T0), 5), T0)!.Value;
        var fiveOld = Ratings.DecayedAverage(Enumerable.Repeat((5.0, T0 - 3 * Ratings.HalfLife), 5), T0)!.Value;
        Assert.True(five > one && one > 3);
        Assert.True(fiveOld < five && fiveOld > 3);
        Assert.Equal(3.0, Ratings.DecayedAverage([(3.0, T0)], T0)!.Value, 9);
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(3.0, 0.5)]
    [InlineData(5.0, 1.0)]
    [InlineData(4.0, 0.75)]
    [InlineData(0.0, 0.0)]
    [InlineData(7.0, 1.0)]
    public void Normalize_maps_one_to_five_onto_zero_to_one(double score, double expected)
    {
        Assert.Equal(expected, Ratings.Normalize(score), 9);
    }
}
