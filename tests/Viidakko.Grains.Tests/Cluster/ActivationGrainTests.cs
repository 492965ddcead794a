using Orleans.Core.Internal;
using Orleans.Runtime;

namespace Viidakko.Grains.Tests.Cluster;

/// <summary>
/// What a caller can make the hub hold in memory by naming things that do not exist: a skill no
/// firm offers wakes no index shard, a made-up firm or referral leaves no activation behind, and a
/// shard's member buckets leave once it has loaded (found by the gRPC fuzzer, which grew a hub to
/// 5 GB with such calls).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ActivationGrainTests(ClusterFixture fixture)
{
    private static MatchQuery Need(string skill) => new([new SkillRequirement(skill, 1)], [], 0, 0, null, "", false, null);

    private async Task<IReadOnlyList<string>> ActiveAsync(string grainType, string keyPrefix)
    {
        var stats = await fixture.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return stats.Where(s => s.GrainId.Type.ToString() == grainType && s.GrainId.Key.ToString()!.StartsWith(keyPrefix, StringComparison.Ordinal))
            .Select(s => s.GrainId.Key.ToString()!).ToList();
    }

    private async Task<IReadOnlyList<string>> EventuallyNoneActiveAsync(string grainType, string keyPrefix)
    {
        IReadOnlyList<string> active = [];
        for (var i = 0; i < 100; i++)
        {
            active = await ActiveAsync(grainType, keyPrefix);
            if (active.Count == 0)
            {
                break;
            }

            await Task.Delay(50);
        }

        return active;
    }

    [Fact]
    public async Task A_skill_no_firm_offers_wakes_no_index_shard_until_a_firm_offers_it()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        for (var i = 0; i < 3; i++)
        {
            Assert.Empty((await n.Matchmaker.MatchPartnersAsync("beta", Need($"zz-nobody-{i}"), 0, 10)).Candidates);
            var listed = await n.Directory.ListFirmsAsync($"zz-nobody-{i}", 10, null);
            Assert.Empty(listed.Firms);
            Assert.Equal(0, listed.TotalSize);
        }

        Assert.Empty(await ActiveAsync("index-shard", $"{n.Id}/zz-"));
        Assert.Empty(await ActiveAsync("index-members", $"{n.Id}/zz-"));

        // A need naming an offered skill and an unknown one has no candidate either.
        Assert.Empty((await n.Matchmaker.MatchPartnersAsync("beta",
            new MatchQuery([new SkillRequirement("accounting", 1), new SkillRequirement("zz-nobody-0", 1)], [], 0, 0, null, "", false, null), 0, 10)).Candidates);
        Assert.Empty(await ActiveAsync("index-shard", $"{n.Id}/zz-"));

        // The moment a firm offers it, matches and the directory find the firm.
        var profile = (await n.Firm("alfa").GetAsync("alfa")).Profile;
        await n.Firm("alfa").UpdateProfileAsync(profile with { Capabilities = [.. profile.Capabilities, new Capability("zz-nobody-0", 3)] },
            [FirmProfileFields.Capabilities]);
        Assert.Equal(["alfa"], (await n.Matchmaker.MatchPartnersAsync("beta", Need("zz-nobody-0"), 0, 10)).Candidates.Select(c => c.FirmId));
        Assert.Equal(["alfa"], (await n.Directory.ListFirmsAsync("zz-nobody-0", 10, null)).Firms.Select(f => f.FirmId));
    }

    [Fact]
    public async Task The_skill_catalog_rebuilds_from_the_index_when_it_activates_again()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        var profile = (await n.Firm("alfa").GetAsync("alfa")).Profile;
        await n.Firm("alfa").UpdateProfileAsync(profile with { Capabilities = [new Capability("video", 4)] }, [FirmProfileFields.Capabilities]);
        Assert.Equal(["alfa"], (await n.Matchmaker.MatchPartnersAsync("beta", Need("video"), 0, 10)).Candidates.Select(c => c.FirmId));

        var catalog = fixture.Grains.GetGrain<ISkillCatalogGrain>(n.Id);
        await catalog.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Empty(await EventuallyNoneActiveAsync("skill-catalog", n.Id));

        // Built again from the all-firms shards: video is offered (alfa), payroll still (beta), and
        // accounting too; nothing else.
        Assert.Equal(["accounting", "payroll", "video"], (await catalog.OfferedAsync(["video", "payroll", "accounting", "zz-none"])).Order(StringComparer.Ordinal));
        Assert.Equal(["alfa"], (await n.Directory.ListFirmsAsync("video", 10, null)).Firms.Select(f => f.FirmId));
    }

    [Fact]
    public async Task Calls_naming_resources_that_do_not_exist_leave_no_activation_behind()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        Assert.Equal(FirmAuthResult.Unknown, await n.Firm("ghost").AuthenticateAsync("hash-ghost"));
        Assert.Equal(DomainErrorKind.NotFound, (await Assert.ThrowsAsync<DomainException>(() => n.Firm("ghost2").GetAsync("alfa"))).Kind);
        Assert.Equal(DomainErrorKind.NotFound, (await Assert.ThrowsAsync<DomainException>(() => n.Referral("no-such-referral").GetAsync("alfa"))).Kind);
        Assert.Equal(DomainErrorKind.NotFound, (await Assert.ThrowsAsync<DomainException>(() => n.Client("alfa", "no-such-client").GetAsync())).Kind);

        Assert.Empty(await EventuallyNoneActiveAsync("firm", ResourceIds.FirmKey(n.Id, "ghost")));
        Assert.Empty(await EventuallyNoneActiveAsync("referral", ResourceIds.ReferralKey(n.Id, "no-such-referral")));
        Assert.Empty(await EventuallyNoneActiveAsync("client", ResourceIds.ClientKey(n.Id, "alfa", "no-such-client")));

        // A firm that exists stays active between calls.
        await n.Firm("alfa").GetAsync("alfa");
        Assert.NotEmpty(await ActiveAsync("firm", ResourceIds.FirmKey(n.Id, "alfa")));
    }

    [Fact]
    public async Task A_shards_member_buckets_leave_once_it_has_loaded()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta", "gamma");
        foreach (var key in IndexShards.Keys(n.Id, "accounting"))
        {
            await fixture.Grains.GetGrain<IIndexShardGrain>(key).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        }

        Assert.Empty(await EventuallyNoneActiveAsync("index-shard", $"{n.Id}/accounting/"));
        Assert.Equal(3, (await n.Directory.ListFirmsAsync("accounting", 10, null)).TotalSize);
        Assert.Empty(await EventuallyNoneActiveAsync("index-members", $"{n.Id}/accounting/"));
        Assert.Equal(4, (await ActiveAsync("index-shard", $"{n.Id}/accounting/")).Count);
    }
}
