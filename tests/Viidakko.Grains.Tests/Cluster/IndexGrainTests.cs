using Orleans.Core.Internal;
using static Viidakko.Grains.Tests.Cluster.MatchingSteps;

namespace Viidakko.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class IndexGrainTests(ClusterFixture fixture)
{
    private static MatchQuery Need(string skill, string? clientId = null) =>
        new([new SkillRequirement(skill, 1)], [], 0, 0, null, "", false, clientId);

    private static async Task<IReadOnlyList<string>> ListedAsync(TestNetwork n, string? skill) =>
        (await n.Directory.ListFirmsAsync(skill, 100, null)).Firms.Select(f => f.FirmId).ToList();

    [Fact]
    public async Task Profile_update_moves_a_firm_between_skill_lists_at_once()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        Assert.Equal(["alfa", "beta"], await ListedAsync(n, "accounting"));
        Assert.Empty(await ListedAsync(n, "video"));

        var profile = (await n.Firm("alfa").GetAsync("alfa")).Profile;
        await n.Firm("alfa").UpdateProfileAsync(
            profile with { Capabilities = [new Capability("accounting", 4), new Capability("payroll", 3), new Capability("video", 3)] },
            [FirmProfileFields.Capabilities]);
        Assert.Equal(["alfa"], await ListedAsync(n, "video"));
        var listed = (await n.Directory.ListFirmsAsync("video", 10, null)).Firms.Single();
        Assert.Equal(3, listed.Profile.Capabilities.Count);
        Assert.Equal(FirmVisibility.Public, listed.Visibility);
        Assert.Equal("", Assert.Single(listed.Profile.People).Email);
        Assert.Equal(["alfa"], (await n.Matchmaker.MatchPartnersAsync("beta", Need("video"), 0, 10)).Candidates.Select(c => c.FirmId));

        await n.Firm("alfa").UpdateProfileAsync(profile with { Capabilities = [new Capability("video", 5)] }, [FirmProfileFields.Capabilities]);
        Assert.Equal(["beta"], await ListedAsync(n, "accounting"));
        Assert.Equal(["beta"], await ListedAsync(n, "payroll"));
        Assert.Equal(["alfa"], await ListedAsync(n, "video"));
        Assert.Equal(["alfa", "beta"], await ListedAsync(n, null));
        Assert.Equal(1, (await n.Directory.ListFirmsAsync("accounting", 10, null)).TotalSize);
        Assert.Empty((await n.Matchmaker.MatchPartnersAsync("beta", Need("accounting"), 0, 10)).Candidates);
        Assert.Equal(5, (await n.IndexedAsync("alfa", "video"))!.Profile.Capabilities.Single().Level);
    }

    [Fact]
    public async Task Shard_reloads_its_facts_from_the_firms_when_it_activates_again()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta", "gamma");
        IIndexShardGrain ShardOf(string firmId, string skill) =>
            fixture.Grains.GetGrain<IIndexShardGrain>(IndexShards.Key(n.Id, skill, IndexShards.ShardOf(firmId, skill)));

        // Put facts into the shards' memory that no firm grain would give: a stale city, and a
        // firm that does not exist.
        var real = await n.Firm("alfa").GetMatchFactsAsync();
        Assert.Equal("alfa", real.FirmId);
        var stale = real with { PublicView = real.PublicView with { Profile = real.PublicView.Profile with { City = "Stale" } } };
        await ShardOf("alfa", IndexShards.All).UpsertAsync(stale);
        await ShardOf("ghost", IndexShards.All).UpsertAsync(real with { PublicView = real.PublicView with { FirmId = "ghost" } });
        Assert.Equal("Stale", (await n.IndexedAsync("alfa"))!.Profile.City);
        Assert.Equal(["alfa", "beta", "gamma", "ghost"], await ListedAsync(n, null));

        foreach (var key in IndexShards.Keys(n.Id, IndexShards.All).Concat(IndexShards.Keys(n.Id, "accounting")))
        {
            await fixture.Grains.GetGrain<IIndexShardGrain>(key).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        }

        // Reloaded from the firm grains: the real city, and the firm that does not exist is gone.
        Assert.Equal("Turku", (await n.IndexedAsync("alfa"))!.Profile.City);
        var page = await n.Directory.ListFirmsAsync(null, 100, null);
        Assert.Equal(["alfa", "beta", "gamma"], page.Firms.Select(f => f.FirmId));
        Assert.Equal(3, page.TotalSize);
        Assert.Equal(["alfa", "gamma"], (await n.Matchmaker.MatchPartnersAsync("beta", Need("accounting"), 0, 10)).Candidates.Select(c => c.FirmId));

        // The ghost's removal was stored too: another reload does not bring it back.
        await ShardOf("ghost", IndexShards.All).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal(["alfa", "beta", "gamma"], await ListedAsync(n, null));
    }

    /// <summary>
    /// Changes other than registration, suspension and profile edits reach the index through a
    /// debounced one-shot timer, which must not cancel its own publish by disposing itself first.
    /// </summary>
    [Fact]
    public async Task Debounced_changes_reach_the_index()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta", "gamma");
        await n.PartnerAsync("alfa", "beta");

        // Keep ratio (a new client).
        await n.AddClientAsync("alfa", "best", "1111111-1", keep: true);
        await EventuallyAsync(() => n.IndexedAsync("alfa"), v => v?.Standing.KeepRatio == 1.0, "alfa's keep ratio in the index");

        // Confirmed win and reputation (feedback).
        var won = await n.WonReferralAsync("alfa", "beta", "kahvila");
        await n.Firm("beta").SubmitFeedbackAsync(won.ReferralId, Feedback(5, new ReferralQualityRating(5, 5)));
        await n.Firm("alfa").SubmitFeedbackAsync(won.ReferralId, Feedback(5));
        await EventuallyAsync(() => n.IndexedAsync("beta", "accounting"),
            v => v?.Standing.ConfirmedWins.GetValueOrDefault("accounting") == 1 && v.Standing.RatingCount == 1,
            "beta's confirmed win and rating in the index");

        // Clients never reach the index: gamma, which has alfa's client too, stays a candidate for it.
        await n.AddClientAsync("alfa", "leipomo", "7654321-0");
        await n.AddClientAsync("gamma", "oma-leipomo", "7654321-0");
        var match = await n.Matchmaker.MatchPartnersAsync("alfa", Need("accounting", "leipomo"), 0, 10);
        Assert.Contains(match.Candidates, c => c.FirmId == "gamma");
    }
}
