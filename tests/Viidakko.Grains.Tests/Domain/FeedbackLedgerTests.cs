using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary>
/// <see cref="FeedbackLedger"/>: the feedback on a firm's referrals as the referral grains report
/// it, the wins the referrers confirm (once per referral), and when the next sealed rating opens.
/// </summary>
public sealed class FeedbackLedgerTests
{
    private static readonly DateTime T0 = new(2026, 5, 1, 9, 0, 0, DateTimeKind.Utc);

    private sealed record Ledger(FeedbackLedger Feedback, ItemMap<FeedbackRecord> Records, Dictionary<string, int> Wins, HashSet<string> Confirmed);

    private static Ledger NewLedger(string firmId)
    {
        var records = new ItemMap<FeedbackRecord>();
        var wins = new Dictionary<string, int>(StringComparer.Ordinal);
        var confirmed = new HashSet<string>(StringComparer.Ordinal);
        return new Ledger(new FeedbackLedger(firmId, records, wins, confirmed), records, wins, confirmed);
    }

    private static ReferralSummary Won(string id, string referrer = "alfa", string receiver = "beta", params string[] skills) =>
        ReferralIndexTests.Summary(id, referrer, receiver, status: ReferralStatus.Won, version: 5) with
        {
            Skills = skills.Length == 0 ? ["accounting"] : skills,
        };

    private static FeedbackRecord Rating(string referralId, string rater, string ratee, DateTime created, DateTime unseal, int score = 4) =>
        new(referralId, rater, ratee, new FeedbackInput(score, score, score, score, "", null, [], null), created, unseal);

    private static string Wins(Ledger ledger) =>
        string.Join(", ", ledger.Feedback.ConfirmedWins.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}={w.Value}"));

    // ------------------------------------------------------------------ confirmed wins

    [Fact]
    public void The_referrers_rating_of_a_won_referral_confirms_the_win_once()
    {
        var beta = NewLedger("beta");
        var won = Won("r1", skills: ["accounting", "payroll", "accounting"]);
        var fromReferrer = Rating("r1", "alfa", "beta", T0, T0.AddDays(14));

        Assert.True(beta.Feedback.Apply(won, [fromReferrer]));
        Assert.Equal("accounting=1, payroll=1", Wins(beta));
        Assert.Equal(["r1"], beta.Confirmed);

        // The same report again (a retry, a second notification) counts nothing twice.
        Assert.False(beta.Feedback.Apply(won, [fromReferrer]));
        // Nor does the receiver's own rating arriving later, nor the referrer's rating unsealing.
        var fromReceiver = Rating("r1", "beta", "alfa", T0.AddDays(1), T0.AddDays(1));
        var unsealed = fromReferrer with { UnsealTime = T0.AddDays(1) };
        Assert.True(beta.Feedback.Apply(won, [unsealed, fromReceiver]));
        Assert.Equal("accounting=1, payroll=1", Wins(beta));

        // Another referrer-confirmed win adds up.
        Assert.True(beta.Feedback.Apply(Won("r2", skills: ["accounting"]), [Rating("r2", "alfa", "beta", T0, T0.AddDays(14))]));
        Assert.Equal("accounting=2, payroll=1", Wins(beta));
    }

    [Fact]
    public void Only_the_referrers_rating_of_a_win_the_firm_received_confirms_anything()
    {
        var beta = NewLedger("beta");
        // The receiver rating its own win is no evidence.
        Assert.True(beta.Feedback.Apply(Won("r1"), [Rating("r1", "beta", "alfa", T0, T0.AddDays(14))]));
        // A lost referral confirms nothing.
        Assert.True(beta.Feedback.Apply(Won("r2") with { Status = ReferralStatus.Lost }, [Rating("r2", "alfa", "beta", T0, T0.AddDays(14))]));
        Assert.Equal("", Wins(beta));
        Assert.Empty(beta.Confirmed);

        // The referrer's own ledger counts no win for itself.
        var alfa = NewLedger("alfa");
        Assert.True(alfa.Feedback.Apply(Won("r3"), [Rating("r3", "alfa", "beta", T0, T0.AddDays(14))]));
        Assert.Equal("", Wins(alfa));
        Assert.Empty(alfa.Confirmed);
    }

    [Fact]
    public void Records_are_kept_one_per_referral_and_rater_and_change_only_when_they_unseal()
    {
        var beta = NewLedger("beta");
        var sealedRating = Rating("r1", "alfa", "beta", T0, T0.AddDays(14));
        Assert.False(beta.Feedback.Any);
        Assert.True(beta.Feedback.Apply(Won("r1") with { Status = ReferralStatus.Lost }, [sealedRating]));
        Assert.True(beta.Feedback.Any);
        ((IItemMap)beta.Records).TakeChanges();

        Assert.False(beta.Feedback.Apply(Won("r1") with { Status = ReferralStatus.Lost }, [sealedRating with { Input = sealedRating.Input with { Comment = "edited" } }]));
        Assert.Empty(((IItemMap)beta.Records).TakeChanges());
        Assert.Equal("", Assert.Single(beta.Feedback.All).Input.Comment);

        Assert.True(beta.Feedback.Apply(Won("r1") with { Status = ReferralStatus.Lost }, [sealedRating with { UnsealTime = T0.AddDays(2) }]));
        Assert.Equal(["r1/alfa"], ((IItemMap)beta.Records).TakeChanges());
        Assert.Equal(T0.AddDays(2), Assert.Single(beta.Feedback.All).UnsealTime);
    }

    // ------------------------------------------------------------------ unsealing

    [Fact]
    public void NextUnseal_is_the_earliest_future_unseal_of_a_rating_about_the_firm()
    {
        var beta = NewLedger("beta");
        Assert.Null(beta.Feedback.NextUnseal(T0));

        var lost = Won("x") with { Status = ReferralStatus.Lost };
        beta.Feedback.Apply(lost with { ReferralId = "r1" }, [Rating("r1", "alfa", "beta", T0, T0.AddDays(14))]);
        beta.Feedback.Apply(lost with { ReferralId = "r2" }, [Rating("r2", "gamma", "beta", T0, T0.AddDays(9))]);
        // Beta's own rating of another firm does not change beta's standing when it opens.
        beta.Feedback.Apply(lost with { ReferralId = "r3" }, [Rating("r3", "beta", "delta", T0, T0.AddDays(3))]);
        // Already open.
        beta.Feedback.Apply(lost with { ReferralId = "r4" }, [Rating("r4", "delta", "beta", T0.AddDays(-20), T0.AddDays(-6))]);

        Assert.Equal(T0.AddDays(9), beta.Feedback.NextUnseal(T0));
        Assert.Equal(T0.AddDays(14), beta.Feedback.NextUnseal(T0.AddDays(9)));
        Assert.Null(beta.Feedback.NextUnseal(T0.AddDays(14)));
    }

    [Fact]
    public void Ratings_about_the_firm_show_once_unsealed_newest_first()
    {
        var beta = NewLedger("beta");
        var lost = Won("x") with { Status = ReferralStatus.Lost };
        beta.Feedback.Apply(lost with { ReferralId = "r1" }, [Rating("r1", "alfa", "beta", T0.AddDays(-3), T0.AddDays(-3))]);
        beta.Feedback.Apply(lost with { ReferralId = "r2" }, [Rating("r2", "gamma", "beta", T0.AddDays(-1), T0.AddDays(-1))]);
        beta.Feedback.Apply(lost with { ReferralId = "r3" }, [Rating("r3", "delta", "beta", T0, T0.AddDays(14))]);
        beta.Feedback.Apply(lost with { ReferralId = "r4" }, [Rating("r4", "beta", "delta", T0, T0)]);

        var page = beta.Feedback.AboutFirm(1, 0, T0);
        Assert.Equal(["r2"], page.Feedback.Select(f => f.ReferralId));
        Assert.Equal((1, (int?)1), (page.SealedCount, page.NextOffset));
        var rest = beta.Feedback.AboutFirm(1, 1, T0);
        Assert.Equal(["r1"], rest.Feedback.Select(f => f.ReferralId));
        Assert.Null(rest.NextOffset);

        var later = beta.Feedback.AboutFirm(10, 0, T0.AddDays(14));
        Assert.Equal(["r3", "r2", "r1"], later.Feedback.Select(f => f.ReferralId));
        Assert.Equal(0, later.SealedCount);
    }
}
