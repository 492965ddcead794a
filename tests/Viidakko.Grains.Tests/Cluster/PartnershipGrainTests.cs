namespace Viidakko.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class PartnershipGrainTests(ClusterFixture fixture)
{
    private static readonly PartnershipTerms Terms = new(12.5m, 6, 12, ["accounting", "payroll"]);

    /// <summary>Reads both halves and checks they hold the same record, each from its own side.</summary>
    internal static async Task<PartnershipView> AssertBothSidesAgreeAsync(TestNetwork network, string a, string b)
    {
        var fromA = await network.Firm(a).GetPartnershipAsync(b);
        var fromB = await network.Firm(b).GetPartnershipAsync(a);

        Assert.Equal((a, b), (fromA.FirmId, fromA.PartnerFirmId));
        Assert.Equal((b, a), (fromB.FirmId, fromB.PartnerFirmId));
        Assert.Equal(fromA.Status, fromB.Status);
        Assert.Equal(fromA.Version, fromB.Version);
        Assert.Equal(fromA.ProposerFirmId, fromB.ProposerFirmId);
        Assert.Equal(fromA.LastActorFirmId, fromB.LastActorFirmId);
        Assert.Equal(fromA.StatusNote, fromB.StatusNote);
        Assert.Equal(fromA.Message, fromB.Message);
        Assert.Equal(fromA.CreateTime, fromB.CreateTime);
        Assert.Equal(fromA.UpdateTime, fromB.UpdateTime);
        AssertSameTerms(fromA.Terms, fromB.Terms);
        return fromA;
    }

    internal static void AssertSameTerms(PartnershipTerms expected, PartnershipTerms actual)
    {
        // Records compare lists by reference; terms that crossed the wire are new lists.
        Assert.Equal(expected.FeePercent, actual.FeePercent);
        Assert.Equal(expected.FeeCapMonths, actual.FeeCapMonths);
        Assert.Equal(expected.NonSolicitMonths, actual.NonSolicitMonths);
        Assert.Equal(expected.Scope, actual.Scope);
    }

    [Fact]
    public async Task Propose_accept_end_and_propose_again_keep_both_halves_equal()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");

        var proposed = await n.Firm("alfa").ProposePartnershipAsync("beta", Terms, "Let's work together");
        Assert.Equal(PartnershipStatus.Proposed, proposed.Status);
        var p = await AssertBothSidesAgreeAsync(n, "alfa", "beta");
        Assert.Equal((PartnershipStatus.Proposed, 1L, "alfa", "Let's work together"), (p.Status, p.Version, p.ProposerFirmId, p.Message));
        AssertSameTerms(Terms, p.Terms);

        var accepted = await n.Firm("beta").AcceptPartnershipAsync("alfa", "Gladly");
        Assert.Equal(PartnershipStatus.Active, accepted.Status);
        p = await AssertBothSidesAgreeAsync(n, "alfa", "beta");
        Assert.Equal((PartnershipStatus.Active, 2L, "beta", "Gladly"), (p.Status, p.Version, p.LastActorFirmId, p.StatusNote));
        AssertSameTerms(Terms, p.Terms);

        // Active partners see each other's people's contact details; the public does not.
        Assert.Equal(FirmVisibility.Partner, (await n.Firm("alfa").GetAsync("beta")).Visibility);
        Assert.Equal("maija@alfa.example.fi", (await n.Firm("alfa").GetAsync("beta")).Profile.People[0].Email);

        var ended = await n.Firm("alfa").EndPartnershipAsync("beta", "Retiring");
        Assert.Equal(PartnershipStatus.Ended, ended.Status);
        p = await AssertBothSidesAgreeAsync(n, "alfa", "beta");
        Assert.Equal((PartnershipStatus.Ended, 3L, "alfa"), (p.Status, p.Version, p.LastActorFirmId));
        Assert.Equal(FirmVisibility.Public, (await n.Firm("alfa").GetAsync("beta")).Visibility);
        Assert.Equal("", (await n.Firm("alfa").GetAsync("beta")).Profile.People[0].Email);

        var newTerms = new PartnershipTerms(5m, 0, 3, []);
        await n.Firm("beta").ProposePartnershipAsync("alfa", newTerms, "Try again?");
        p = await AssertBothSidesAgreeAsync(n, "alfa", "beta");
        Assert.Equal((PartnershipStatus.Proposed, 4L, "beta", "Try again?"), (p.Status, p.Version, p.ProposerFirmId, p.Message));
        AssertSameTerms(newTerms, p.Terms);
    }

    [Fact]
    public async Task Decline_is_seen_by_both_and_a_new_proposal_may_follow()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.Firm("alfa").ProposePartnershipAsync("beta", Terms, "Hello");

        var declined = await n.Firm("beta").DeclinePartnershipAsync("alfa", "Not now");
        Assert.Equal(PartnershipStatus.Declined, declined.Status);
        var p = await AssertBothSidesAgreeAsync(n, "alfa", "beta");
        Assert.Equal((PartnershipStatus.Declined, 2L, "Not now"), (p.Status, p.Version, p.StatusNote));

        await n.Firm("alfa").ProposePartnershipAsync("beta", Terms, "Hello again");
        p = await AssertBothSidesAgreeAsync(n, "alfa", "beta");
        Assert.Equal((PartnershipStatus.Proposed, 3L), (p.Status, p.Version));
    }

    [Fact]
    public async Task Proposer_may_withdraw_but_the_invited_firm_must_decline()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.Firm("alfa").ProposePartnershipAsync("beta", Terms, "Hello");

        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
            () => n.Firm("beta").EndPartnershipAsync("alfa", "no"));
        await n.Firm("alfa").EndPartnershipAsync("beta", "withdrawn");

        var p = await AssertBothSidesAgreeAsync(n, "alfa", "beta");
        Assert.Equal(PartnershipStatus.Ended, p.Status);
    }

    [Fact]
    public async Task Firm_cannot_propose_to_itself()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        var error = await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, "INVALID_ARGUMENT",
            () => n.Firm("alfa").ProposePartnershipAsync("alfa", Terms, "me"));
        Assert.Equal("partner", Assert.Single(error.Violations).Field);
        Assert.Empty((await n.Firm("alfa").ListPartnershipsAsync(null, 10, null)).Partnerships);
    }

    [Fact]
    public async Task Second_proposal_is_refused_from_either_side()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.Firm("alfa").ProposePartnershipAsync("beta", Terms, "Hello");

        await AssertDomain.ThrowsAsync(DomainErrorKind.AlreadyExists, "PARTNERSHIP_EXISTS",
            () => n.Firm("alfa").ProposePartnershipAsync("beta", Terms, "Hello?"));
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.ProposalPending,
            () => n.Firm("beta").ProposePartnershipAsync("alfa", Terms, "Hi"));
        var p = await AssertBothSidesAgreeAsync(n, "alfa", "beta");
        Assert.Equal((1L, "Hello"), (p.Version, p.Message));

        await n.Firm("beta").AcceptPartnershipAsync("alfa", "ok");
        await AssertDomain.ThrowsAsync(DomainErrorKind.AlreadyExists, "PARTNERSHIP_EXISTS",
            () => n.Firm("beta").ProposePartnershipAsync("alfa", Terms, "Hi"));
    }

    [Fact]
    public async Task Proposer_cannot_answer_its_own_proposal()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.Firm("alfa").ProposePartnershipAsync("beta", Terms, "Hello");

        await AssertDomain.ThrowsAsync(DomainErrorKind.PermissionDenied, Reasons.WrongRole,
            () => n.Firm("alfa").AcceptPartnershipAsync("beta", "yes"));
        await AssertDomain.ThrowsAsync(DomainErrorKind.PermissionDenied, Reasons.WrongRole,
            () => n.Firm("alfa").DeclinePartnershipAsync("beta", "no"));

        var p = await AssertBothSidesAgreeAsync(n, "alfa", "beta");
        Assert.Equal((PartnershipStatus.Proposed, 1L), (p.Status, p.Version));
    }

    [Fact]
    public async Task Accept_without_a_proposal_is_not_found()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await AssertDomain.ThrowsAsync(DomainErrorKind.NotFound, "NOT_FOUND",
            () => n.Firm("beta").AcceptPartnershipAsync("alfa", "yes"));
    }

    [Fact]
    public async Task Proposal_to_an_unknown_firm_leaves_nothing_behind()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");

        await AssertDomain.ThrowsAsync(DomainErrorKind.NotFound, "NOT_FOUND",
            () => n.Firm("alfa").ProposePartnershipAsync("ghost", Terms, "Anyone?"));
        await AssertDomain.ThrowsAsync(DomainErrorKind.NotFound, "NOT_FOUND",
            () => n.Firm("alfa").GetPartnershipAsync("ghost"));
    }

    [Fact]
    public async Task Suspended_firm_takes_no_proposals_and_the_proposer_keeps_no_half()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.Firm("beta").SetSuspendedAsync(true);

        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.FirmSuspended,
            () => n.Firm("alfa").ProposePartnershipAsync("beta", Terms, "Hello"));
        await AssertDomain.ThrowsAsync(DomainErrorKind.NotFound, "NOT_FOUND",
            () => n.Firm("alfa").GetPartnershipAsync("beta"));
        await AssertDomain.ThrowsAsync(DomainErrorKind.PermissionDenied, Reasons.FirmSuspended,
            () => n.Firm("beta").ProposePartnershipAsync("alfa", Terms, "Hello"));
    }

    [Fact]
    public async Task Redo_at_the_same_version_by_the_same_firm_replaces_its_first_attempt()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        var now = DateTime.UtcNow;
        var firstTerms = new PartnershipTerms(10m, 6, 12, ["accounting"]);
        var redoTerms = new PartnershipTerms(15m, 3, 6, ["payroll"]);
        // Beta's proposal reached alfa, but beta's own call failed and beta rolled its half back;
        // it then proposed again, at the same version, with other terms.
        var first = new PartnershipChange("beta", PartnershipStatus.Proposed, "beta", firstTerms, "Let's partner", "", "beta", 1, now, now);
        var redo = first with { Terms = redoTerms, UpdateTime = now.AddSeconds(1) };

        await n.Firm("alfa").OnPartnershipChangedAsync(first);
        await n.Firm("alfa").OnPartnershipChangedAsync(redo);

        var half = await n.Firm("alfa").GetPartnershipAsync("beta");
        Assert.Equal((PartnershipStatus.Proposed, 1L, "beta"), (half.Status, half.Version, half.LastActorFirmId));
        AssertSameTerms(redoTerms, half.Terms);
        Assert.Equal(redo.UpdateTime, half.UpdateTime);

        // The same change again is a no-op.
        await n.Firm("alfa").OnPartnershipChangedAsync(redo);
        var again = await n.Firm("alfa").GetPartnershipAsync("beta");
        Assert.Equal((PartnershipStatus.Proposed, 1L, redo.UpdateTime), (again.Status, again.Version, again.UpdateTime));
        AssertSameTerms(redoTerms, again.Terms);

        // Alfa answers what beta actually proposed, and both halves end up with the redo's terms.
        await n.Firm("alfa").AcceptPartnershipAsync("beta", "ok");
        var agreed = await AssertBothSidesAgreeAsync(n, "alfa", "beta");
        Assert.Equal((PartnershipStatus.Active, 2L), (agreed.Status, agreed.Version));
        AssertSameTerms(redoTerms, agreed.Terms);
    }
}
