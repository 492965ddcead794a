using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary>
/// <see cref="ReferralIds"/> and <see cref="ReferralDrafts"/>: what a new referral is called and
/// made of, and what its referrer checks before it asks anyone else.
/// </summary>
public sealed class ReferralDraftsTests
{
    private static readonly DateTime T0 = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly PartnershipTerms Agreed = new(10m, 6, 12, ["accounting", "payroll"]);

    private static ClientSnapshot Client => new(
        "kahvila", "Kahvila Oy", "bid:12345678", new ClientContact("Anna", "anna@kahvila.fi", "", ""),
        new Difficulty(0, DifficultyLevel.Unspecified, 0, 0, []), T0.AddDays(-30));

    private static ReferralRequest Request(string receiver = "beta", IReadOnlyList<string>? skills = null, string? requestId = null) =>
        Cluster.TestNetwork.Request(receiver, "kahvila", skills: skills, requestId: requestId);

    private static PartnershipBook Partners(PartnershipStatus status)
    {
        var book = new PartnershipBook("alfa", new ItemMap<PartnershipHalf>());
        book.Mirror(new PartnershipChange("beta", status, "beta", Agreed, "", "", "beta", 1, T0, T0), suspended: false);
        return book;
    }

    [Fact]
    public void A_referral_id_made_from_a_request_id_is_the_same_for_a_retry_and_the_firms_own()
    {
        var id = ReferralIds.New("n1", "alfa", "req-1");
        Assert.Equal(id, ReferralIds.New("n1", "alfa", "req-1"));
        Assert.NotEqual(id, ReferralIds.New("n1", "beta", "req-1"));
        Assert.NotEqual(id, ReferralIds.New("n2", "alfa", "req-1"));
        Assert.NotEqual(id, ReferralIds.New("n1", "alfa", "req-2"));
        // Without a request id, every create is a new referral.
        Assert.NotEqual(ReferralIds.New("n1", "alfa", null), ReferralIds.New("n1", "alfa", null));
        Assert.NotEqual(ReferralIds.New("n1", "alfa", ""), ReferralIds.New("n1", "alfa", ""));

        foreach (var made in new[] { id, ReferralIds.New("n1", "alfa", null) })
        {
            Assert.Equal(20, made.Length);
            Assert.Matches("^r[a-z2-7]{19}$", made);
        }
    }

    [Fact]
    public void A_referrer_refers_only_to_an_active_partner_within_the_agreed_scope()
    {
        AssertDomain.Throws(DomainErrorKind.InvalidArgument, Reasons.InvalidArgument,
            () => ReferralDrafts.EnsureCanRefer("alfa", Request("alfa"), Partners(PartnershipStatus.Active)));
        AssertDomain.Throws(DomainErrorKind.FailedPrecondition, Reasons.NotPartners,
            () => ReferralDrafts.EnsureCanRefer("alfa", Request("gamma"), Partners(PartnershipStatus.Active)));
        foreach (var status in new[] { PartnershipStatus.Proposed, PartnershipStatus.Declined, PartnershipStatus.Ended })
        {
            AssertDomain.Throws(DomainErrorKind.FailedPrecondition, Reasons.NotPartners,
                () => ReferralDrafts.EnsureCanRefer("alfa", Request(), Partners(status)));
        }

        var error = AssertDomain.Throws(DomainErrorKind.FailedPrecondition, Reasons.OutOfScope,
            () => ReferralDrafts.EnsureCanRefer("alfa", Request(skills: ["payroll", "video"]), Partners(PartnershipStatus.Active)));
        Assert.Contains("video", error.Message);

        var through = ReferralDrafts.EnsureCanRefer("alfa", Request(skills: ["payroll"]), Partners(PartnershipStatus.Active));
        Assert.Equal(("beta", PartnershipStatus.Active), (through.PartnerFirmId, through.Status));
    }

    [Fact]
    public void A_draft_carries_the_request_on_the_agreed_terms_and_its_fingerprint()
    {
        var request = Request(requestId: "req-1");
        var draft = ReferralDrafts.Refer("n1", "r1", "alfa", request, Agreed, Client, SlaPolicy.Default, T0);

        Assert.Equal(("n1", "r1", "alfa", "beta", "alfa", null), (draft.NetworkId, draft.ReferralId, draft.ReferrerFirmId, draft.ReceiverFirmId, draft.CustodianFirmId, draft.ReturnedFromReferralId));
        Assert.Same(Agreed, draft.Terms);
        // The network's answer time: two business days (9–17, Monday to Friday) from Monday noon.
        Assert.Equal(T0.AddDays(2), draft.ExpireTime);
        // The defaults are not stored with the referral (null stands for them).
        Assert.Null(draft.Sla);
        Assert.Equal(request.Request!.Fingerprint, draft.RequestFingerprint);
        Assert.Equal(("kahvila", "bid:12345678"), (draft.Client.ClientId, draft.Client.NormalizedIdentity));

        var own = new PartnershipTerms(20m, 0, 6, []);
        var overridden = ReferralDrafts.Refer("n1", "r1", "alfa", request with { TermsOverride = own, ExpireTime = T0.AddDays(2) }, Agreed, Client, SlaPolicy.Default, T0);
        Assert.Equal((own, T0.AddDays(2)), (overridden.Terms, overridden.ExpireTime));

        // Without a request id no two drafts look alike: a create without one is never a retry.
        var first = ReferralDrafts.Refer("n1", "r1", "alfa", Request(), Agreed, Client, SlaPolicy.Default, T0);
        var second = ReferralDrafts.Refer("n1", "r1", "alfa", Request(), Agreed, Client, SlaPolicy.Default, T0);
        Assert.NotEqual(first.RequestFingerprint, second.RequestFingerprint);
    }

    [Fact]
    public void A_referral_that_asks_for_re_routing_starts_a_chain_and_a_hop_carries_its_own()
    {
        Assert.Null(ReferralDrafts.Refer("n1", "r1", "alfa", Request(), Agreed, Client, SlaPolicy.Default, T0).Reroute);

        var first = ReferralDrafts.Refer("n1", "r1", "alfa", Request() with { RerouteHops = 9 }, Agreed, Client, SlaPolicy.Default, T0);
        Assert.Equal(("r1", RerouteChain.Limit, 0, RerouteChain.Limit), (first.Reroute!.OriginReferralId, first.Reroute.MaxHops, first.Reroute.Earlier.Count, first.Reroute.HopsLeft));

        var chain = new RerouteChain("r1", 2, [new ReferralHop("r1", "beta", ReferralStatus.Declined, DeclineReason.NoCapacity, T0)]);
        var hop = ReferralDrafts.Refer("n1", "r2", "alfa", Request(), Agreed, Client, SlaPolicy.Default, T0, chain);
        Assert.Same(chain, hop.Reroute);
        Assert.Equal(1, hop.Reroute!.HopsLeft);
    }
}
