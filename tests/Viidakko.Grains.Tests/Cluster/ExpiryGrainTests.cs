namespace Viidakko.Grains.Tests.Cluster;

/// <summary>
/// An unanswered proposal lapses at its expire time. The grains read the time from the manual
/// clock, so the tests let the time pass instead of waiting for it.
/// </summary>
[Collection(ClockedClusterCollection.Name)]
public sealed class ExpiryGrainTests(ClockedClusterFixture fixture)
{
    private DateTime Now => fixture.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Unanswered_referral_expires_and_can_no_longer_be_accepted()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var expire = Now.AddHours(1);
        var id = (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila", expireTime: expire))).ReferralId;
        Assert.Equal(ReferralStatus.Proposed, (await n.Referral(id).GetAsync("beta")).Status);

        // Not yet.
        fixture.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(ReferralStatus.Proposed, Assert.Single(await n.ReferralIndexAsync("beta")).Status);

        fixture.Clock.Advance(TimeSpan.FromMinutes(2));

        // The firm index already reports the lapse before anyone touches the referral.
        Assert.Equal(ReferralStatus.Expired, Assert.Single(await n.ReferralIndexAsync("beta")).Status);

        var expired = await n.Referral(id).GetAsync("beta");
        Assert.Equal((ReferralStatus.Expired, 2L), (expired.Status, expired.Version));
        var lapse = expired.Timeline[^1];
        Assert.Equal((ReferralEventType.Expired, "", expire), (lapse.Type, lapse.ActorFirmId, lapse.Time));
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
            () => n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Accept)));

        // The lapse was recorded and told to both firms.
        foreach (var firm in new[] { "alfa", "beta" })
        {
            var entry = Assert.Single(await n.ReferralIndexAsync(firm));
            Assert.Equal((ReferralStatus.Expired, 2L), (entry.Status, entry.Version));
        }
    }

    [Fact]
    public async Task Custody_of_a_proposal_that_lapsed_unopened_closes_at_its_expire_time()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta", new PartnershipTerms(10m, 0, NonSolicitMonths: 0, []));
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila", expireTime: Now.AddHours(1)));

        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.ClientUnderCustody,
            () => n.AddClientAsync("beta", "oma-kahvila", "12345678"));
        fixture.Clock.Advance(TimeSpan.FromMinutes(59));
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.ClientUnderCustody,
            () => n.AddClientAsync("beta", "oma-kahvila", "12345678"));

        // Nobody answers or opens the referral: its grain never records the lapse, only the clock moves.
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));

        var own = await n.AddClientAsync("beta", "oma-kahvila", "12345678");
        Assert.StartsWith("bid:12345678|domain:", own.NormalizedIdentity);
    }
}
