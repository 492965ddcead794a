namespace Viidakko.Grains.Tests.Cluster;

/// <summary>
/// Two firms acting on each other at once. A deadlock between two non-reentrant grains shows up
/// as a call that hangs until Orleans' 30 s response timeout; the bound here fails long before.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ConcurrencyGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static readonly PartnershipTerms Terms = TestNetwork.DefaultTerms;

    /// <summary>Runs a call that may lose a race; a refusal is a result, not a failure.</summary>
    private static async Task<DomainException?> Attempt(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (DomainException e)
        {
            return e;
        }
    }

    [Fact]
    public async Task Simultaneous_proposals_to_each_other_finish_and_converge()
    {
        for (var round = 0; round < 5; round++)
        {
            var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");

            var results = await Task.WhenAll(
                Attempt(() => n.Firm("alfa").ProposePartnershipAsync("beta", Terms, "from alfa")),
                Attempt(() => n.Firm("beta").ProposePartnershipAsync("alfa", Terms, "from beta"))).WaitAsync(Bound);

            // Either both went out at once (then the smaller firm id wins on both sides) or one
            // arrived first and the other firm was told to answer it instead.
            Assert.Contains(results, r => r is null);
            Assert.All(results.OfType<DomainException>(), e => Assert.Equal(Reasons.ProposalPending, e.Reason));

            var p = await PartnershipGrainTests.AssertBothSidesAgreeAsync(n, "alfa", "beta");
            Assert.Equal((PartnershipStatus.Proposed, 1L), (p.Status, p.Version));
            Assert.Equal(p.ProposerFirmId == "alfa" ? "from alfa" : "from beta", p.Message);
            if (results.All(r => r is null))
            {
                Assert.Equal("alfa", p.ProposerFirmId);
            }

            // The agreed proposal can be answered by the firm it was made to.
            var invited = p.ProposerFirmId == "alfa" ? "beta" : "alfa";
            await n.Firm(invited).AcceptPartnershipAsync(p.ProposerFirmId, "ok").WaitAsync(Bound);
            Assert.Equal(PartnershipStatus.Active, (await PartnershipGrainTests.AssertBothSidesAgreeAsync(n, "alfa", "beta")).Status);
        }
    }

    [Fact]
    public async Task Simultaneous_accept_and_withdraw_converge_on_one_outcome()
    {
        for (var round = 0; round < 5; round++)
        {
            var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
            await n.Firm("alfa").ProposePartnershipAsync("beta", Terms, "Hello");

            await Task.WhenAll(
                Attempt(() => n.Firm("beta").AcceptPartnershipAsync("alfa", "yes")),
                Attempt(() => n.Firm("alfa").EndPartnershipAsync("beta", "withdrawn"))).WaitAsync(Bound);

            var p = await PartnershipGrainTests.AssertBothSidesAgreeAsync(n, "alfa", "beta");
            Assert.Contains(p.Status, new[] { PartnershipStatus.Active, PartnershipStatus.Ended });
        }
    }

    [Fact]
    public async Task Partners_referring_to_each_other_in_parallel_finish_and_index_every_referral_on_both_sides()
    {
        const int PerFirm = 20;
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        for (var i = 0; i < 4; i++)
        {
            await n.AddClientAsync("alfa", $"a{i}", $"100000{i}-1");
            await n.AddClientAsync("beta", $"b{i}", $"200000{i}-2");
        }

        var created = await Task.WhenAll(Enumerable.Range(0, PerFirm).SelectMany(i => new[]
        {
            n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", $"a{i % 4}", note: $"alfa #{i}")),
            n.Firm("beta").CreateReferralAsync(TestNetwork.Request("alfa", $"b{i % 4}", note: $"beta #{i}")),
        })).WaitAsync(Bound);

        Assert.Equal(2 * PerFirm, created.Select(r => r.ReferralId).Distinct().Count());
        await AssertIndexesAsync(n, created, ReferralStatus.Proposed);

        // Every receiver accepts at once: each referral notifies both firms while they are busy.
        var accepted = await Task.WhenAll(created.Select(r =>
            n.Firm(r.ReceiverFirmId).ActOnReferralAsync(r.ReferralId, TestNetwork.Action(ReferralActionType.Accept)))).WaitAsync(Bound);
        await AssertIndexesAsync(n, accepted, ReferralStatus.Accepted);

        var alfa = await n.Firm("alfa").GetPartnershipAsync("beta");
        Assert.Equal((PerFirm, PerFirm), (alfa.ReferralsSent, alfa.ReferralsReceived));
    }

    private static async Task AssertIndexesAsync(TestNetwork n, IReadOnlyList<ReferralView> expected, ReferralStatus status)
    {
        foreach (var firm in new[] { "alfa", "beta" })
        {
            var index = (await n.ReferralIndexAsync(firm)).ToDictionary(r => r.ReferralId);
            Assert.Equal(expected.Count, index.Count);
            foreach (var r in expected)
            {
                Assert.True(index.TryGetValue(r.ReferralId, out var entry), $"{firm} does not index {r.ReferralId}");
                Assert.Equal((status, r.Version), (entry.Status, entry.Version));
            }

            var sent = await n.ReferralIndexAsync(firm, ReferralRole.Sent);
            Assert.Equal(expected.Count(r => r.ReferrerFirmId == firm), sent.Count);
            Assert.All(sent, r => Assert.Equal(firm, r.ReferrerFirmId));
        }
    }
}
