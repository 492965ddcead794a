namespace Viidakko.Grains.Domain;

/// <summary>How much hassle a client causes relative to the money it brings.</summary>
public static class DifficultyCalculator
{
    /// <summary>Below this many hassle hours per 1,000 € a client is LOW.</summary>
    public const double MediumFrom = 2.0;

    /// <summary>From this many hassle hours per 1,000 € a client is HIGH: a "difficult case".</summary>
    public const double HighFrom = 5.0;

    /// <summary>Computes the figure, the level and the per-kind summary.</summary>
    public static Difficulty Compute(IEnumerable<HassleEntry> hassle, IEnumerable<RevenueEntry> revenue)
    {
        var byKind = hassle
            .GroupBy(h => h.Kind)
            .OrderBy(g => g.Key)
            .Select(g => new HassleKindTotal(g.Key, g.Count(), g.Sum(h => h.Minutes)))
            .ToList();
        var minutes = byKind.Sum(k => k.Minutes);
        var revenueCents = revenue.Sum(r => r.AmountCents);

        if (revenueCents <= 0)
        {
            // Hassle with no money at all is the worst case; no data at all says nothing.
            var level = minutes > 0 ? DifficultyLevel.High : DifficultyLevel.Unspecified;
            return new Difficulty(0, level, minutes, revenueCents, byKind);
        }

        var hours = minutes / 60.0;
        var thousands = revenueCents / 100_000.0;
        var perThousand = Math.Round(hours / thousands, 3);
        return new Difficulty(perThousand, LevelOf(perThousand), minutes, revenueCents, byKind);
    }

    /// <summary>The level of a figure.</summary>
    public static DifficultyLevel LevelOf(double hoursPerThousandEur) =>
        hoursPerThousandEur >= HighFrom ? DifficultyLevel.High
        : hoursPerThousandEur >= MediumFrom ? DifficultyLevel.Medium
        : DifficultyLevel.Low;
}
