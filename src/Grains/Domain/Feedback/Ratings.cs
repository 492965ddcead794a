namespace Viidakko.Grains.Domain;

/// <summary>
/// Sealed ratings, chemistry and reputation. Ratings are sealed so that neither side can answer in
/// kind: a rating is revealed when both sides have rated, or when the sealing period has passed.
/// </summary>
public static class Ratings
{
    /// <summary>How long a rating stays sealed when the other side never rates.</summary>
    public static readonly TimeSpan SealPeriod = TimeSpan.FromDays(14);

    /// <summary>Half-life of a rating's weight in chemistry and reputation.</summary>
    public static readonly TimeSpan HalfLife = TimeSpan.FromDays(365);

    /// <summary>How many ratings' worth of a neutral prior reputation starts from, so one rating cannot make or break a firm.</summary>
    public const double PriorWeight = 2.0;

    /// <summary>The neutral score on the 1–5 scale.</summary>
    public const double Neutral = 3.0;

    /// <summary>When a rating given at <paramref name="ratedAt"/> unseals, given whether the other side has rated.</summary>
    public static DateTime UnsealTime(DateTime ratedAt, DateTime? otherSideRatedAt) =>
        otherSideRatedAt is { } other ? (other > ratedAt ? other : ratedAt) : ratedAt + SealPeriod;

    /// <summary>True when a rating is visible to the rated side.</summary>
    public static bool IsUnsealed(DateTime ratedAt, DateTime? otherSideRatedAt, DateTime now) =>
        now >= UnsealTime(ratedAt, otherSideRatedAt);

    /// <summary>The weight of a rating given at <paramref name="time"/>, halving every <see cref="HalfLife"/>.</summary>
    public static double DecayWeight(DateTime time, DateTime now)
    {
        var age = Math.Max(0, (now - time).TotalDays);
        return Math.Pow(0.5, age / HalfLife.TotalDays);
    }

    /// <summary>
    /// Recency-weighted mean of 1–5 scores, pulled towards <see cref="Neutral"/> by
    /// <see cref="PriorWeight"/>; null when there are none.
    /// </summary>
    public static double? DecayedAverage(IEnumerable<(double Score, DateTime Time)> scores, DateTime now, double priorWeight = PriorWeight)
    {
        double sum = 0, weights = 0;
        var any = false;
        foreach (var (score, time) in scores)
        {
            var w = DecayWeight(time, now);
            sum += score * w;
            weights += w;
            any = true;
        }

        return any ? (sum + Neutral * priorWeight) / (weights + priorWeight) : null;
    }

    /// <summary>A 1–5 score as 0–1 (1 → 0, 3 → 0.5, 5 → 1).</summary>
    public static double Normalize(double score) => Math.Clamp((score - 1) / 4, 0, 1);
}
