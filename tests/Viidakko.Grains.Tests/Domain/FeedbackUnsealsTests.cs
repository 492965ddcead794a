using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary><see cref="FeedbackUnseals"/>: each rating a firm gave or received is announced once, when it unseals.</summary>
public sealed class FeedbackUnsealsTests
{
    private static readonly DateTime T0 = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private static FeedbackRecord Rating(string rater, string ratee, DateTime unseal) =>
        new("r-1", rater, ratee, new FeedbackInput(4, 4, 4, 4, "", null, [], null), T0, unseal);

    [Fact]
    public void A_sealed_rating_waits_and_is_announced_once_when_its_seal_runs_out()
    {
        var waiting = new HashSet<string>();
        var sealedOne = Rating("beta", "alfa", T0.AddDays(14));
        Assert.Empty(FeedbackUnseals.Learned("alfa", [sealedOne], _ => false, waiting, T0));
        Assert.Equal(["r-1/beta"], waiting);
        Assert.Equal(T0.AddDays(14), FeedbackUnseals.NextUnseal(k => k == "r-1/beta" ? sealedOne : null, waiting));

        Assert.Empty(FeedbackUnseals.Due("alfa", _ => sealedOne, waiting, T0.AddDays(13)));
        var due = Assert.Single(FeedbackUnseals.Due("alfa", _ => sealedOne, waiting, T0.AddDays(15)));
        Assert.Equal((FirmEventType.FeedbackUnsealed, "r-1", "beta", "RECEIVED", T0.AddDays(14)), (due.Type, due.SubjectId, due.ActorFirmId, due.Reason, due.Time));
        Assert.Empty(waiting);
        Assert.Empty(FeedbackUnseals.Due("alfa", _ => sealedOne, waiting, T0.AddDays(16)));
    }

    [Fact]
    public void The_second_rating_unseals_both_and_each_is_announced_once()
    {
        var waiting = new HashSet<string>();
        var known = new HashSet<string>();
        var mine = Rating("alfa", "beta", T0.AddDays(14));
        FeedbackUnseals.Learned("alfa", [mine], known.Contains, waiting, T0);
        known.Add("r-1/alfa");

        // Both rated: the referral grain reports both, unsealed now.
        var both = new[] { mine with { UnsealTime = T0.AddHours(1) }, Rating("beta", "alfa", T0.AddHours(1)) };
        var events = FeedbackUnseals.Learned("alfa", both, known.Contains, waiting, T0.AddHours(1));
        Assert.Equal(["GIVEN", "RECEIVED"], events.Select(e => e.Reason).Order());
        Assert.Empty(waiting);
        known.Add("r-1/beta");
        // Told again (a retry, a later change): nothing new.
        Assert.Empty(FeedbackUnseals.Learned("alfa", both, known.Contains, waiting, T0.AddHours(2)));
    }
}
