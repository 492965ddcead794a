using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary>
/// <see cref="ReferralIndex"/>: a firm's referrals as their grains last reported them, with running
/// totals per partner, the clients it passed on and the clients it holds in custody for others.
/// </summary>
public sealed class ReferralIndexTests
{
    private static readonly DateTime T0 = new(2026, 4, 1, 8, 0, 0, DateTimeKind.Utc);
    private static readonly string Kahvila = ClientIdentity.Normalize("1234567-8", "info@kahvila.fi");

    internal static ReferralSummary Summary(
        string id, string referrer, string receiver, string? custodian = null, string clientId = "kahvila", string? identity = null,
        ReferralStatus status = ReferralStatus.Proposed, long version = 1, long feeDue = 0, long feePaid = 0,
        DateTime? custodyUntil = null, DateTime? expire = null, DateTime? created = null, int nonSolicitMonths = 12) => new(
        id, ReferralKind.Referral, status, referrer, receiver, custodian ?? referrer, clientId, identity ?? Kahvila, "Kahvila Oy",
        ["accounting"], feeDue, expire ?? T0.AddDays(14), created ?? T0, custodyUntil, version, created ?? T0, T0, nonSolicitMonths,
        feePaid, 0);

    private static ReferralIndex Index(string firmId, out ItemMap<ReferralSummary> map)
    {
        map = new ItemMap<ReferralSummary>();
        return new ReferralIndex(firmId, map);
    }

    private static PartnerTotals Recompute(string firmId, IEnumerable<ReferralSummary> all, string partner)
    {
        var totals = PartnerTotals.None;
        foreach (var r in all)
        {
            if (r.ReferrerFirmId == firmId && r.ReceiverFirmId == partner)
            {
                totals = totals with { OwedToFirmCents = totals.OwedToFirmCents + r.FeeDueCents - r.FeePaidCents, Sent = totals.Sent + 1 };
            }
            else if (r.ReceiverFirmId == firmId && r.ReferrerFirmId == partner)
            {
                totals = totals with { OwedByFirmCents = totals.OwedByFirmCents + r.FeeDueCents - r.FeePaidCents, Received = totals.Received + 1 };
            }
        }

        return totals;
    }

    // ------------------------------------------------------------------ running totals

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    [InlineData(2026)]
    public void Running_totals_equal_a_recomputation_after_any_sequence_of_changes(int seed)
    {
        var random = new Random(seed);
        var index = Index("alfa", out var map);
        var versions = new Dictionary<string, long>();
        string[] partners = ["beta", "gamma", "delta"];
        var statuses = Enum.GetValues<ReferralStatus>().Where(s => s != ReferralStatus.Unspecified).ToArray();

        void AssertMatchesRecomputation(ReferralIndex actual)
        {
            foreach (var partner in partners.Append("nobody"))
            {
                Assert.Equal(Recompute("alfa", map.Values, partner), actual.TotalsWith(partner));
            }

            var ownSent = map.Values.Where(r => r.ReferrerFirmId == "alfa" && r.CustodianFirmId == "alfa").ToList();
            Assert.Equal(ownSent.Select(r => r.ClientId).Distinct().Count(), actual.ClientsPassedOn);
            foreach (var client in Enumerable.Range(0, 6).Select(c => $"c{c}"))
            {
                var declinedBy = ownSent.Where(r => r.ClientId == client && r.Status == ReferralStatus.Declined)
                    .Select(r => r.ReceiverFirmId).Distinct().Order(StringComparer.Ordinal);
                Assert.Equal(declinedBy, actual.DeclinedBy(client).Order(StringComparer.Ordinal));
            }
        }

        for (var step = 0; step < 600; step++)
        {
            // A referral keeps its parties; its status, fees and version move on.
            var n = random.Next(40);
            var id = $"r{n}";
            var partner = partners[n % 3];
            var sent = n % 2 == 0;
            var custodian = sent ? (n % 5 == 0 ? partner : "alfa") : (n % 7 == 0 ? "alfa" : partner); // returned needs both ways
            var known = versions.GetValueOrDefault(id);
            var version = known > 0 && random.Next(4) == 0 ? known - random.Next(2) : known + 1 + random.Next(2);
            var feeDue = random.Next(3) == 0 ? random.Next(1, 100) * 1_000L : 0;
            var summary = Summary(id, sent ? "alfa" : partner, sent ? partner : "alfa", custodian, $"c{n % 6}",
                status: statuses[random.Next(statuses.Length)], version: version, feeDue: feeDue,
                feePaid: feeDue > 0 && random.Next(2) == 0 ? feeDue : 0);

            var applied = index.Apply(summary);

            Assert.Equal(version > known, applied);
            if (applied)
            {
                versions[id] = version;
            }

            Assert.Equal(versions[id], map[id].Version);
            if (step % 25 == 0)
            {
                AssertMatchesRecomputation(index);
            }
        }

        AssertMatchesRecomputation(index);
        Assert.True(partners.Sum(p => index.TotalsWith(p).Sent + index.TotalsWith(p).Received) > 20);
        // A firm that activates again builds the same totals from its stored summaries.
        AssertMatchesRecomputation(new ReferralIndex("alfa", map));
    }

    [Fact]
    public void Apply_is_idempotent_by_version()
    {
        var index = Index("alfa", out var map);
        Assert.True(index.Apply(Summary("r1", "alfa", "beta", feeDue: 10_000, status: ReferralStatus.Won, version: 4)));
        ((IItemMap)map).TakeChanges();

        Assert.False(index.Apply(Summary("r1", "alfa", "beta", feeDue: 99_000, status: ReferralStatus.Won, version: 4)));
        Assert.False(index.Apply(Summary("r1", "alfa", "beta", status: ReferralStatus.InProgress, version: 3)));
        Assert.Empty(((IItemMap)map).TakeChanges());
        Assert.Equal(new PartnerTotals(10_000, 0, 1, 0), index.TotalsWith("beta"));

        Assert.True(index.Apply(Summary("r1", "alfa", "beta", feeDue: 10_000, feePaid: 10_000, status: ReferralStatus.Won, version: 5)));
        Assert.Equal(new PartnerTotals(0, 0, 1, 0), index.TotalsWith("beta"));
        Assert.Equal(["r1"], ((IItemMap)map).TakeChanges());
        Assert.Equal(5, index.Find("r1")!.Version);
        Assert.Null(index.Find("r2"));
    }

    // ------------------------------------------------------------------ clients passed on and declined

    [Fact]
    public void Clients_passed_on_are_the_firms_own_clients_it_referred()
    {
        var index = Index("alfa", out _);
        index.Apply(Summary("r1", "alfa", "beta", clientId: "kahvila"));
        index.Apply(Summary("r2", "alfa", "gamma", clientId: "kahvila"));
        index.Apply(Summary("r3", "alfa", "beta", clientId: "leipomo"));
        // A need alfa returned to beta's custody, and a referral alfa received: not alfa's clients passed on.
        index.Apply(Summary("r4", "alfa", "beta", custodian: "beta", clientId: "parturi"));
        index.Apply(Summary("r5", "beta", "alfa", clientId: "kampaamo"));

        Assert.Equal(2, index.ClientsPassedOn);
        Assert.Equal(new PartnerTotals(0, 0, 3, 1), index.TotalsWith("beta"));
    }

    [Fact]
    public void DeclinedBy_names_each_firm_that_declined_the_client_once()
    {
        var index = Index("alfa", out _);
        index.Apply(Summary("r1", "alfa", "beta", clientId: "kahvila", status: ReferralStatus.Declined, version: 2));
        index.Apply(Summary("r2", "alfa", "beta", clientId: "kahvila", status: ReferralStatus.Declined, version: 2));
        index.Apply(Summary("r3", "alfa", "gamma", clientId: "kahvila"));
        index.Apply(Summary("r4", "alfa", "delta", clientId: "leipomo", status: ReferralStatus.Declined, version: 2));
        Assert.Equal(["beta"], index.DeclinedBy("kahvila"));

        index.Apply(Summary("r3", "alfa", "gamma", clientId: "kahvila", status: ReferralStatus.Declined, version: 2));
        Assert.Equal(["beta", "gamma"], index.DeclinedBy("kahvila").Order(StringComparer.Ordinal));
        Assert.Equal(["delta"], index.DeclinedBy("leipomo"));
        Assert.Empty(index.DeclinedBy("parturi"));
    }

    [Fact]
    public void An_open_referral_of_an_own_client_is_found_until_it_ends_or_lapses()
    {
        var index = Index("alfa", out _);
        index.Apply(Summary("r1", "alfa", "beta", clientId: "kahvila", expire: T0.AddDays(1)));
        Assert.Equal("r1", index.OpenReferralOf("kahvila", T0)?.ReferralId);
        Assert.Null(index.OpenReferralOf("leipomo", T0));
        // Unanswered past its expire time: no longer open, even before its grain records the lapse.
        Assert.Null(index.OpenReferralOf("kahvila", T0.AddDays(1)));

        index.Apply(Summary("r2", "alfa", "gamma", clientId: "kahvila", status: ReferralStatus.InProgress, version: 3));
        Assert.Equal("r2", index.OpenReferralOf("kahvila", T0.AddDays(2))?.ReferralId);
        index.Apply(Summary("r2", "alfa", "gamma", clientId: "kahvila", status: ReferralStatus.Lost, version: 4));
        Assert.Null(index.OpenReferralOf("kahvila", T0.AddDays(2)));
    }

    // ------------------------------------------------------------------ custody

    [Fact]
    public void A_received_client_blocks_every_identity_it_is_known_by_while_its_window_is_open()
    {
        var index = Index("beta", out _);
        index.Apply(Summary("r1", "alfa", "beta", identity: Kahvila));
        var during = T0.AddDays(1);

        Assert.Equal("r1", index.CustodyBlock("bid:12345678", null, during)?.ReferralId);
        Assert.Equal("r1", index.CustodyBlock(ClientIdentity.Normalize("FI12345678", null), null, during)?.ReferralId);
        Assert.Equal("r1", index.CustodyBlock("domain:kahvila.fi", null, during)?.ReferralId);
        Assert.Equal("r1", index.CustodyBlock("bid:99999999|domain:kahvila.fi", null, during)?.ReferralId);
        Assert.Null(index.CustodyBlock("bid:99999999", null, during));
        Assert.Null(index.CustodyBlock("", null, during));
        // Not before beta heard of it, and not for a client beta had before.
        Assert.Null(index.CustodyBlock("bid:12345678", null, T0.AddTicks(-1)));
        Assert.Null(index.CustodyBlock("bid:12345678", ownSince: T0.AddDays(-30), during));
        Assert.NotNull(index.CustodyBlock("bid:12345678", ownSince: T0.AddHours(1), during));

        // Declined: the window stays open for the non-solicit months, then closes.
        var until = T0.AddDays(2).AddMonths(12);
        index.Apply(Summary("r1", "alfa", "beta", identity: Kahvila, status: ReferralStatus.Declined, version: 2, custodyUntil: until));
        Assert.NotNull(index.CustodyBlock("bid:12345678", null, until.AddTicks(-1)));
        Assert.Null(index.CustodyBlock("bid:12345678", null, until));
    }

    [Fact]
    public void Clients_the_firm_itself_shared_or_got_back_block_nothing()
    {
        var alfa = Index("alfa", out _);
        alfa.Apply(Summary("r1", "alfa", "beta", identity: Kahvila));
        // A need beta returned to alfa, the client's custodian.
        alfa.Apply(Summary("r2", "beta", "alfa", custodian: "alfa", identity: Kahvila));

        Assert.Null(alfa.CustodyBlock(Kahvila, null, T0.AddDays(1)));
    }

    [Fact]
    public void A_proposal_that_lapsed_unopened_closes_its_window_from_its_expire_time()
    {
        var index = Index("beta", out _);
        var expire = T0.AddDays(3);
        index.Apply(Summary("r1", "alfa", "beta", identity: Kahvila, expire: expire, nonSolicitMonths: 1));

        Assert.NotNull(index.CustodyBlock(Kahvila, null, expire.AddDays(1)));
        Assert.Equal(expire.AddMonths(1), ReferralIndex.CustodyUntil(index.Find("r1")!, expire.AddDays(1)));
        Assert.Null(ReferralIndex.CustodyUntil(index.Find("r1")!, expire.AddTicks(-1)));
        Assert.Null(index.CustodyBlock(Kahvila, null, expire.AddMonths(1)));
    }

    // ------------------------------------------------------------------ list

    [Fact]
    public void Lists_go_newest_first_by_role_and_effective_status()
    {
        var index = Index("alfa", out _);
        index.Apply(Summary("r1", "alfa", "beta", created: T0, expire: T0.AddDays(1)));
        index.Apply(Summary("r2", "beta", "alfa", created: T0.AddHours(1), expire: T0.AddDays(30)));
        index.Apply(Summary("r3", "alfa", "gamma", created: T0.AddHours(2), expire: T0.AddDays(30)));
        var now = T0.AddDays(2);

        Assert.Equal(["r3", "r2", "r1"], index.List(ReferralRole.Unspecified, null, 10, null, now).Referrals.Select(r => r.ReferralId));
        Assert.Equal(["r3", "r1"], index.List(ReferralRole.Sent, null, 10, null, now).Referrals.Select(r => r.ReferralId));
        Assert.Equal(["r2"], index.List(ReferralRole.Received, null, 10, null, now).Referrals.Select(r => r.ReferralId));
        // r1 lapsed: it is listed as expired.
        Assert.Equal(["r1"], index.List(ReferralRole.Sent, ReferralStatus.Expired, 10, null, now).Referrals.Select(r => r.ReferralId));

        var first = index.List(ReferralRole.Unspecified, null, 2, null, now);
        Assert.Equal(["r3", "r2"], first.Referrals.Select(r => r.ReferralId));
        var rest = index.List(ReferralRole.Unspecified, null, 2, first.NextAfterKey, now);
        Assert.Equal(["r1"], rest.Referrals.Select(r => r.ReferralId));
        Assert.Null(rest.NextAfterKey);
    }
}
