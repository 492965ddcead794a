namespace Viidakko.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ProbeTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Probe_failed_relay_binds_id()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var id = (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"))).ReferralId;
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
            () => n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Start, request: Req("x", "start"))));
        string before, after;
        try { await n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Accept, request: Req("x", "accept"))); before = "accepted"; }
        catch (DomainException e) { before = e.Reason; }
        await fixture.Cluster.DeactivateAsync(n.Firm("beta"));
        try { await n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Accept, request: Req("x", "accept"))); after = "accepted"; }
        catch (DomainException e) { after = e.Reason; }
        Assert.Fail($"before={before} after={after}");
    }

    [Fact]
    public async Task Probe_failed_create_client_binds_id()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var dup = TestNetwork.Input("kopio", "1234567-8");
        await AssertDomain.ThrowsAsync(DomainErrorKind.AlreadyExists, Reasons.DuplicateClient,
            () => n.Firm("alfa").CreateClientAsync("kopio", dup, TestNetwork.CreateClientTag("y", "kopio", dup)));
        var ok = TestNetwork.Input("toinen", "1111111-1");
        var r = await n.Firm("alfa").CreateClientAsync("toinen", ok, TestNetwork.CreateClientTag("y", "toinen", ok));
        Assert.Fail("created " + r.ClientId);
    }

    [Fact]
    public async Task Probe_return_need_reuse()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var id = (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"))).ReferralId;
        await n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Accept, request: Req("z", "accept")));
        var need = new Need(["web-design"], "site", 0, 0, null);
        var r = await n.Firm("beta").ReturnNeedAsync(id, need, 3, "yours", Req("z", "return"));
        Assert.Fail("returned " + r.ReferralId);
    }
}
