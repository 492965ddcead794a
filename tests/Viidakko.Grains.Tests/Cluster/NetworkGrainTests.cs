namespace Viidakko.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class NetworkGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Directory_lists_registered_firms_publicly_by_skill_and_page()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta", "gamma");
        await n.Firm("gamma").UpdateProfileAsync(
            (await n.Firm("gamma").GetAsync("gamma")).Profile with { Capabilities = [new Capability("web-design", 5)] },
            [FirmProfileFields.Capabilities]);

        var first = await n.Directory.ListFirmsAsync(null, 2, null);
        Assert.Equal(["alfa", "beta"], first.Firms.Select(f => f.FirmId));
        Assert.Equal(("beta", 3), (first.NextAfterFirmId, first.TotalSize));
        var second = await n.Directory.ListFirmsAsync(null, 2, first.NextAfterFirmId);
        Assert.Equal(["gamma"], second.Firms.Select(f => f.FirmId));
        Assert.Null(second.NextAfterFirmId);

        var designers = await n.Directory.ListFirmsAsync("web-design", 10, null);
        Assert.Equal(["gamma"], designers.Firms.Select(f => f.FirmId));
        Assert.All(first.Firms, f => Assert.Equal((FirmVisibility.Public, ""), (f.Visibility, f.Profile.People[0].Email)));
        Assert.Equal(3, (await n.Network.GetAsync()).FirmCount);
    }

    [Fact]
    public async Task Firm_registers_once_and_only_in_an_existing_network()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        await AssertDomain.ThrowsAsync(DomainErrorKind.AlreadyExists, "FIRM_EXISTS", () => n.RegisterFirmAsync("alfa"));
        await AssertDomain.ThrowsAsync(DomainErrorKind.AlreadyExists, "NETWORK_EXISTS", () => n.Network.CreateAsync("again", "x"));

        var profile = (await n.Firm("alfa").GetAsync("alfa")).Profile;
        var missing = fixture.Grains.GetGrain<INetworkGrain>("n-missing-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.False(await missing.ExistsAsync());
        await AssertDomain.ThrowsAsync(DomainErrorKind.NotFound, Reasons.NetworkMissing,
            () => missing.RegisterFirmAsync("alfa", profile, "h"));
    }

    [Fact]
    public async Task Registering_a_firm_again_while_it_updates_its_profile_does_not_deadlock()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        var profile = (await n.Firm("alfa").GetAsync("alfa")).Profile;

        // Queue profile updates on the firm so the network's call to it waits behind them while
        // each of them, in turn, calls the network.
        var updates = Enumerable.Range(0, 10)
            .Select(i => n.Firm("alfa").UpdateProfileAsync(profile with { City = $"Turku {i}" }, [FirmProfileFields.City]))
            .ToList();
        await Task.Delay(5);
        var again = n.RegisterFirmAsync("alfa");

        await Task.WhenAll(updates).WaitAsync(TimeSpan.FromSeconds(10));
        await AssertDomain.ThrowsAsync(DomainErrorKind.AlreadyExists, "FIRM_EXISTS", () => again.WaitAsync(TimeSpan.FromSeconds(10)));

        // The calls may run in any order; the directory must end where the firm ended.
        var own = (await n.Firm("alfa").GetAsync("alfa")).Profile.City;
        Assert.Equal(own, (await n.Directory.ListFirmsAsync(null, 10, null)).Firms.Single().Profile.City);
    }
}
