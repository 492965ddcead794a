using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

public sealed class StandingsTests
{
    private static readonly DateTime Now = new(2026, 5, 1, 9, 0, 0, DateTimeKind.Utc);

    private static readonly Dictionary<string, int> NoWins = new();

    internal static FeedbackRecord Rating(
        string referralId, string rater, string ratee, int overall,
        ReferralQualityRating? quality = null, IReadOnlyList<PersonRating>? people = null,
        bool sealedNow = false, DateTime? createTime = null)
    {
        var created = createTime ?? Now.AddDays(-1);
        var input = new FeedbackInput(overall, overall, overall, overall, "", quality, people ?? [], null);
        return new FeedbackRecord(referralId, rater, ratee, input, created, sealedNow ? Now.AddDays(5) : created);
    }

    internal static ReferralSummary Summary(
        string referralId, string referrer, string receiver, ReferralStatus status,
        ReferralKind kind = ReferralKind.Referral, long wonValueCents = 0, long feeDueCents = 0, long feePaidCents = 0,
        string? clientId = null) => new(
        referralId, kind, status, referrer, receiver, referrer, clientId ?? "c-" + referralId, "bid:" + referralId, "Client Oy",
        ["accounting"], feeDueCents, Now.AddDays(30), Now.AddDays(-10), null, 3, Now.AddDays(-10), Now.AddDays(-2), 12,
        feePaidCents, wonValueCents);

    // ------------------------------------------------------------------ standing

    [Fact]
    public void Reputation_counts_only_unsealed_ratings_about_the_firm()
    {
        var feedback = new[]
        {
            Rating("r1", "beta", "alfa", 4, createTime: Now),
            Rating("r2", "delta", "alfa", 5, createTime: Now),
            Rating("r3", "gamma", "alfa", 1, sealedNow: true, createTime: Now),
            Rating("r1", "alfa", "beta", 1, createTime: Now), // given by alfa: not about it
        };

        var standing = Standings.Compute("alfa", feedback, 0, 0, NoWins, Now);

        // (4 + 5 + 2 × 3) / (2 + 2), the neutral prior included.
        Assert.Equal((3.75, 2), (standing.Reputation, standing.RatingCount));

        // Once the sealed one opens, it counts too.
        var later = Standings.Compute("alfa", feedback, 0, 0, NoWins, Now.AddDays(5));
        Assert.Equal(3, later.RatingCount);
        Assert.True(later.Reputation < standing.Reputation);

        var beta = Standings.Compute("beta", feedback, 0, 0, NoWins, Now);
        Assert.Equal(1, beta.RatingCount);
        Assert.Equal(Math.Round((1 + 6) / 3.0, 3), beta.Reputation);
    }

    [Fact]
    public void Firm_without_ratings_or_clients_has_no_standing_numbers()
    {
        var standing = Standings.Compute("alfa", [Rating("r1", "beta", "alfa", 5, sealedNow: true)], 0, 0, NoWins, Now);

        Assert.Equal(((double?)null, 0, (double?)null, 0, (double?)null), (standing.Reputation, standing.RatingCount, standing.ReferralQuality, standing.ReferralQualityCount, standing.KeepRatio));
        Assert.Empty(standing.ConfirmedWins);
    }

    [Fact]
    public void Referral_quality_comes_from_receivers_quality_ratings_of_the_firm()
    {
        var feedback = new[]
        {
            // Receivers of alfa's referrals rate their quality.
            Rating("r1", "beta", "alfa", 4, new ReferralQualityRating(5, 3), createTime: Now),
            Rating("r2", "gamma", "alfa", 4, new ReferralQualityRating(1, 1), sealedNow: true, createTime: Now),
            // Alfa received this one: the referrer's rating has no quality part.
            Rating("r3", "delta", "alfa", 2, createTime: Now),
            // Alfa's own quality rating of someone else's referral says nothing about alfa.
            Rating("r4", "alfa", "epsilon", 1, new ReferralQualityRating(1, 1), createTime: Now),
        };

        var standing = Standings.Compute("alfa", feedback, 0, 0, NoWins, Now);

        // Only r1: (4 + 2 × 3) / 3.
        Assert.Equal((Math.Round(10 / 3.0, 3), 1), (standing.ReferralQuality, standing.ReferralQualityCount));

        var honest = Standings.Compute("x", [Rating("q", "y", "x", 3, new ReferralQualityRating(5, 5))], 0, 0, NoWins, Now).ReferralQuality;
        var dishonest = Standings.Compute("x", [Rating("q", "y", "x", 3, new ReferralQualityRating(1, 1))], 0, 0, NoWins, Now).ReferralQuality;
        Assert.True(honest > 3 && dishonest < 3);
    }

    [Theory]
    [InlineData(0, 0, null)]
    [InlineData(1, 3, 0.25)]
    [InlineData(2, 0, 1.0)]
    [InlineData(0, 5, 0.0)]
    [InlineData(2, 1, 0.6667)]
    public void Keep_ratio_is_kept_over_kept_plus_referred_out(int kept, int referredOut, double? expected)
    {
        Assert.Equal(expected, Standings.Compute("alfa", [], kept, referredOut, NoWins, Now).KeepRatio);
    }

    [Fact]
    public void Confirmed_wins_are_copied_into_the_standing()
    {
        var wins = new Dictionary<string, int> { ["accounting"] = 2, ["payroll"] = 1 };
        var standing = Standings.Compute("alfa", [], 0, 0, wins, Now);
        wins["accounting"] = 99;

        Assert.Equal(2, standing.ConfirmedWins["accounting"]);
        Assert.Equal(1, standing.ConfirmedWins["payroll"]);
    }

    // ------------------------------------------------------------------ chemistry

    private static readonly FeedbackRecord[] ChemistryFeedback =
    [
        Rating("r1", "alfa", "beta", 4, people: [new PersonRating("anna", "bob", 5)], createTime: Now),
        Rating("r1", "beta", "alfa", 2, new ReferralQualityRating(3, 3),
            [new PersonRating("bob", "anna", 3), new PersonRating("carl", "anna", 2)], createTime: Now),
        // Another firm, and a rating still sealed: neither counts.
        Rating("r2", "gamma", "alfa", 1, people: [new PersonRating("gina", "anna", 1)], createTime: Now),
        Rating("r3", "alfa", "beta", 1, people: [new PersonRating("anna", "bob", 1)], sealedNow: true, createTime: Now),
    ];

    [Fact]
    public void Chemistry_averages_both_directions_without_a_prior()
    {
        var fromAlfa = Standings.Chemistry("alfa", "beta", ChemistryFeedback, Now);
        var fromBeta = Standings.Chemistry("beta", "alfa", ChemistryFeedback, Now);

        Assert.Equal(("beta", 3.0, 2), (fromAlfa.OtherFirmId, fromAlfa.Score, fromAlfa.RatingCount));
        Assert.Equal(("alfa", 3.0, 2), (fromBeta.OtherFirmId, fromBeta.Score, fromBeta.RatingCount));
    }

    [Fact]
    public void People_chemistry_is_told_from_the_asking_firms_side()
    {
        var fromAlfa = Standings.Chemistry("alfa", "beta", ChemistryFeedback, Now);
        Assert.Equal(
            [new PeopleChemistryView("anna", "bob", 4.0, 2), new PeopleChemistryView("anna", "carl", 2.0, 1)],
            fromAlfa.People);

        var fromBeta = Standings.Chemistry("beta", "alfa", ChemistryFeedback, Now);
        Assert.Equal(
            [new PeopleChemistryView("bob", "anna", 4.0, 2), new PeopleChemistryView("carl", "anna", 2.0, 1)],
            fromBeta.People);
    }

    [Fact]
    public void Chemistry_without_unsealed_ratings_is_empty()
    {
        var view = Standings.Chemistry("alfa", "beta", [ChemistryFeedback[3]], Now);
        Assert.Equal((null, 0), (view.Score, view.RatingCount));
        Assert.Empty(view.People);
        Assert.Empty(Standings.Chemistry("alfa", "delta", ChemistryFeedback, Now).People);
    }

    // ------------------------------------------------------------------ pairs

    [Fact]
    public void Pairs_count_referrals_each_way_and_flag_active_partners()
    {
        var partnerships = new Dictionary<string, PartnershipStatus>
        {
            ["beta"] = PartnershipStatus.Active, ["gamma"] = PartnershipStatus.Proposed, ["delta"] = PartnershipStatus.Ended,
        };
        var referrals = new[]
        {
            Summary("r1", "alfa", "beta", ReferralStatus.Won),
            Summary("r2", "alfa", "beta", ReferralStatus.Declined),
            Summary("r3", "beta", "alfa", ReferralStatus.Proposed),
            Summary("r4", "alfa", "gamma", ReferralStatus.Lost),
            Summary("r5", "epsilon", "alfa", ReferralStatus.Won),
        };
        var feedback = new[] { Rating("r9", "zeta", "alfa", 4, createTime: Now), Rating("r9", "alfa", "zeta", 4, createTime: Now) };

        var pairs = Standings.Pairs("alfa", partnerships, referrals, feedback, Now);

        Assert.Equal(["beta", "delta", "epsilon", "gamma", "zeta"], pairs.Keys.Order(StringComparer.Ordinal));
        // GivenToCaller: what the other firm sent alfa; ReceivedFromCaller: what alfa sent it.
        Assert.Equal(new PairFacts(true, null, 0, 1, 2), pairs["beta"]);
        Assert.Equal(new PairFacts(false, null, 0, 0, 1), pairs["gamma"]);
        Assert.Equal(new PairFacts(false, null, 0, 0, 0), pairs["delta"]);
        Assert.Equal(new PairFacts(false, null, 0, 1, 0), pairs["epsilon"]);
        Assert.Equal(new PairFacts(false, 4.0, 2, 0, 0), pairs["zeta"]);

        // From beta's side the counts swap.
        var fromBeta = Standings.Pairs("beta", new Dictionary<string, PartnershipStatus> { ["alfa"] = PartnershipStatus.Active },
            referrals.Where(r => r.ReferrerFirmId == "beta" || r.ReceiverFirmId == "beta").ToList(), [], Now);
        Assert.Equal(new PairFacts(true, null, 0, 2, 1), Assert.Single(fromBeta).Value);
    }

    // ------------------------------------------------------------------ ledgers

    private static readonly Dictionary<string, PartnershipStatus> AlfasPartnerships = new()
    {
        ["beta"] = PartnershipStatus.Active, ["gamma"] = PartnershipStatus.Proposed,
    };

    private static readonly ReferralSummary[] Exchanged =
    [
        Summary("r1", "alfa", "beta", ReferralStatus.Won, wonValueCents: 1_000_000, feeDueCents: 100_000, feePaidCents: 100_000),
        Summary("r2", "alfa", "beta", ReferralStatus.Declined),
        Summary("r3", "alfa", "beta", ReferralStatus.Won, ReferralKind.Introduction, wonValueCents: 500_000, feeDueCents: 50_000),
        Summary("r4", "alfa", "beta", ReferralStatus.InProgress),
        Summary("r5", "beta", "alfa", ReferralStatus.Won, wonValueCents: 2_000_000, feeDueCents: 200_000),
        Summary("r6", "beta", "alfa", ReferralStatus.Lost),
    ];

    private static readonly FeedbackRecord[] ExchangeFeedback =
    [
        Rating("r1", "beta", "alfa", 4, new ReferralQualityRating(5, 3)),
        Rating("r1", "alfa", "beta", 5),
        Rating("r3", "beta", "alfa", 2, new ReferralQualityRating(2, 2), sealedNow: true),
        Rating("r5", "alfa", "beta", 3, new ReferralQualityRating(1, 3)),
    ];

    [Fact]
    public void Ledger_counts_each_direction()
    {
        var ledgers = Standings.Ledgers("alfa", AlfasPartnerships, Exchanged, ExchangeFeedback, Now);

        Assert.Equal(["beta", "gamma"], ledgers.Select(l => l.PartnerFirmId));
        var beta = ledgers[0];
        Assert.Equal(PartnershipStatus.Active, beta.Status);
        // Sent: 3 referrals + 1 introduction; r1, r3, r4 accepted; r1, r3 won; only r1's quality rating is unsealed.
        Assert.Equal(new DirectionLedger(3, 1, 3, 2, 1_500_000, 150_000, 100_000, 4.0, 1), beta.Sent);
        Assert.Equal(new DirectionLedger(2, 0, 2, 1, 2_000_000, 200_000, 0, 2.0, 1), beta.Received);
        Assert.Equal((2, -500_000L), (beta.CountBalance, beta.ValueBalanceCents));
        Assert.Equal("They owe you: you have sent 2 more than you received.", beta.ReturnTheBall);

        var gamma = ledgers[1];
        Assert.Equal(PartnershipStatus.Proposed, gamma.Status);
        Assert.Equal(new DirectionLedger(0, 0, 0, 0, 0, 0, 0, null, 0), gamma.Sent);
        Assert.Equal(gamma.Sent, gamma.Received);
        Assert.Equal((0, 0L, "Even."), (gamma.CountBalance, gamma.ValueBalanceCents, gamma.ReturnTheBall));
    }

    [Fact]
    public void Ledger_of_one_side_mirrors_the_other()
    {
        var alfas = Standings.Ledgers("alfa", AlfasPartnerships, Exchanged, ExchangeFeedback, Now).Single(l => l.PartnerFirmId == "beta");
        var betas = Assert.Single(Standings.Ledgers("beta", new Dictionary<string, PartnershipStatus> { ["alfa"] = PartnershipStatus.Active },
            Exchanged, ExchangeFeedback, Now));

        AssertMirrored(alfas, betas);
        Assert.StartsWith("Return the ball", betas.ReturnTheBall);
    }

    [Fact]
    public void Ledgers_mirror_for_any_mix_of_referrals()
    {
        var random = new Random(20260501);
        var statuses = Enum.GetValues<ReferralStatus>().Where(s => s != ReferralStatus.Unspecified).ToArray();
        for (var round = 0; round < 50; round++)
        {
            var referrals = Enumerable.Range(0, random.Next(0, 12)).Select(i =>
            {
                var fromAlfa = random.Next(2) == 0;
                var status = statuses[random.Next(statuses.Length)];
                var won = status == ReferralStatus.Won ? random.Next(1, 100) * 10_000L : 0;
                return Summary($"q{i}", fromAlfa ? "alfa" : "beta", fromAlfa ? "beta" : "alfa", status,
                    random.Next(2) == 0 ? ReferralKind.Referral : ReferralKind.Introduction, won, won / 10, random.Next(2) * (won / 10));
            }).ToList();
            var feedback = referrals.Where(_ => random.Next(2) == 0)
                .Select(r => Rating(r.ReferralId, r.ReceiverFirmId, r.ReferrerFirmId, random.Next(1, 6),
                    new ReferralQualityRating(random.Next(1, 6), random.Next(1, 6)), sealedNow: random.Next(3) == 0))
                .ToList();

            var alfas = Standings.Ledgers("alfa", new Dictionary<string, PartnershipStatus> { ["beta"] = PartnershipStatus.Active }, referrals, feedback, Now);
            var betas = Standings.Ledgers("beta", new Dictionary<string, PartnershipStatus> { ["alfa"] = PartnershipStatus.Active }, referrals, feedback, Now);
            AssertMirrored(Assert.Single(alfas), Assert.Single(betas));
        }
    }

    internal static void AssertMirrored(PartnerLedger mine, PartnerLedger theirs)
    {
        Assert.Equal(mine.Sent, theirs.Received);
        Assert.Equal(mine.Received, theirs.Sent);
        Assert.Equal(mine.CountBalance, -theirs.CountBalance);
        Assert.Equal(mine.ValueBalanceCents, -theirs.ValueBalanceCents);
        Assert.Equal(mine.Status, theirs.Status);
        Assert.Equal(Standings.ReturnTheBall(mine.CountBalance, mine.ValueBalanceCents), mine.ReturnTheBall);
        Assert.Equal(Standings.ReturnTheBall(theirs.CountBalance, theirs.ValueBalanceCents), theirs.ReturnTheBall);
    }

    [Theory]
    [InlineData(2, 0L, "They owe you: you have sent 2 more than you received.")]
    [InlineData(1, -900L, "They owe you: you have sent 1 more than you received.")]
    [InlineData(-3, 500L, "Return the ball: they have sent you 3 more than you sent them.")]
    [InlineData(0, 100L, "Even in count; your referrals to them won more.")]
    [InlineData(0, -100L, "Even in count; their referrals to you won more: return the ball.")]
    [InlineData(0, 0L, "Even.")]
    public void Return_the_ball_says_who_owes_whom(int countBalance, long valueBalance, string expected)
    {
        Assert.Equal(expected, Standings.ReturnTheBall(countBalance, valueBalance));
    }
}
