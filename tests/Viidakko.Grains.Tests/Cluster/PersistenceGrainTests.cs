using System.Text.Json;

namespace Viidakko.Grains.Tests.Cluster;

/// <summary>
/// Everything a firm sees must survive its grains being deactivated (a restart, a silo moving
/// them), read back from the SQLite JSON rows rather than from memory.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PersistenceGrainTests(ClusterFixture fixture)
{
    private static readonly DateTime Yesterday = DateTime.UtcNow.AddDays(-1);

    /// <summary>Deep comparison: views hold lists, which records compare by reference.</summary>
    private static string Json(object value) => JsonSerializer.Serialize(value);

    [Fact]
    public async Task Reactivated_grains_show_exactly_what_they_showed_before()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta", new PartnershipTerms(7.5m, 6, 12, ["accounting", "payroll"]));
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var hassle = Req("h-1", "LogHassle kahvila ScopeChange 95 again");
        await n.Firm("alfa").LogHassleAsync("kahvila", HassleKind.ScopeChange, 95, "again", Yesterday, hassle);
        await n.Firm("alfa").LogRevenueAsync("kahvila", 250_000, "Q1", Yesterday, Req("v-1", "LogRevenue kahvila 250000 Q1"));
        var request = TestNetwork.Request("beta", "kahvila", ReferralKind.Introduction, requestId: "req-persist");
        var won = await n.Firm("alfa").CreateReferralAsync(request);
        await n.Firm("beta").ActOnReferralAsync(won.ReferralId, TestNetwork.Action(ReferralActionType.Accept));
        await n.Firm("beta").ActOnReferralAsync(won.ReferralId, TestNetwork.Action(ReferralActionType.Start, request: Req("start-1", $"Start {won.ReferralId}")));
        await n.Firm("beta").ActOnReferralAsync(won.ReferralId, TestNetwork.Action(ReferralActionType.Win, 2_400_000, 24));
        var open = await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila", note: "second"));

        async Task<string[]> SnapshotAsync() =>
        [
            Json(await n.Network.GetAsync()),
            Json(await n.Directory.ListFirmsAsync(null, 10, null)),
            Json(await n.Firm("alfa").GetAsync("beta")),
            Json(await n.Firm("alfa").GetPartnershipAsync("beta")),
            Json(await n.Firm("beta").GetPartnershipAsync("alfa")),
            Json(await n.Firm("alfa").ListClientsAsync(10, null)),
            Json(await n.Client("alfa", "kahvila").ListHassleAsync(10, 0)),
            Json(await n.Client("alfa", "kahvila").ListRevenueAsync(10, 0)),
            Json(await n.Referral(won.ReferralId).GetAsync("alfa")),
            Json(await n.Referral(won.ReferralId).GetAsync("beta")),
            Json(await n.Referral(open.ReferralId).GetAsync("beta")),
            Json(await n.ReferralIndexAsync("alfa")),
            Json(await n.ReferralIndexAsync("beta")),
        ];

        // The index hears of changes other than registration and profile edits after a short
        // debounce: let it settle, so that "before" is what the firms last published.
        foreach (var firm in new[] { "alfa", "beta" })
        {
            var own = Json((await n.Firm(firm).GetAsync(firm)).Standing);
            await MatchingSteps.EventuallyAsync(() => n.IndexedAsync(firm), v => v is not null && Json(v.Standing) == own, $"{firm}'s standing in the index");
        }

        var before = await SnapshotAsync();
        IAddressable[] grains =
        [
            n.Network, n.Firm("alfa"), n.Firm("beta"), n.Client("alfa", "kahvila"),
            n.Referral(won.ReferralId), n.Referral(open.ReferralId),
        ];
        foreach (var grain in grains)
        {
            await fixture.Cluster.DeactivateAsync(grain);
            Assert.False(fixture.Cluster.TryGetGrainContext(grain.GetGrainId(), out _));
        }

        var after = await SnapshotAsync();
        Assert.Equal(before, after);

        // The rules that depend on stored state still hold after the reload.
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.ClientUnderCustody,
            () => n.AddClientAsync("beta", "oma", "12345678"));
        await AssertDomain.ThrowsAsync(DomainErrorKind.AlreadyExists, Reasons.DuplicateClient,
            () => n.AddClientAsync("alfa", "kopio", "12345678"));
        Assert.Equal(won.ReferralId, (await n.Firm("alfa").CreateReferralAsync(request)).ReferralId);
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("alfa").CreateReferralAsync((request with { Note = "changed" }).Retagged()));
        await n.Firm("alfa").LogHassleAsync("kahvila", HassleKind.ScopeChange, 95, "again", Yesterday, hassle);
        Assert.Single((await n.Client("alfa", "kahvila").ListHassleAsync(10, 0)).Entries);
        // The firm and the referral remember the ids they bound.
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("alfa").LogRevenueAsync("kahvila", 95, "again", Yesterday, Req("h-1", "LogRevenue kahvila 95 again")));
        Assert.Single((await n.Client("alfa", "kahvila").ListRevenueAsync(10, 0)).Entries);
        await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, Reasons.RequestIdReused,
            () => n.Firm("beta").MarkFeePaidAsync(won.ReferralId, "paid", Req("start-1", $"MarkFeePaid {won.ReferralId}")));
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
            () => n.Firm("beta").ActOnReferralAsync(won.ReferralId, TestNetwork.Action(ReferralActionType.Lose)));
        await n.Firm("beta").ActOnReferralAsync(open.ReferralId, TestNetwork.Action(ReferralActionType.Accept));
    }

    [Fact]
    public async Task Client_entries_the_firm_changed_in_place_are_stored()
    {
        // The firm keeps one stored entry per client and changes it in place (keep, identity):
        // each change must reach storage, or a reactivated firm would forget it.
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "paras", "1234567-8");
        await n.AddClientAsync("alfa", "toinen", "7654321-9");
        await n.Firm("alfa").UpdateClientAsync("paras", TestNetwork.Input("paras", "1234567-8", keep: true), [ClientFields.Keep]);
        await n.Firm("alfa").UpdateClientAsync("toinen", TestNetwork.Input("toinen", "2222222-2"), [ClientFields.BusinessId]);

        await fixture.Cluster.DeactivateAsync(n.Firm("alfa"));
        Assert.False(fixture.Cluster.TryGetGrainContext(n.Firm("alfa").GetGrainId(), out _));

        Assert.Equal(1.0, (await n.Firm("alfa").GetScoreboardAsync()).Standing.KeepRatio); // 1 kept, none referred out
        await AssertDomain.ThrowsAsync(DomainErrorKind.FailedPrecondition, Reasons.ClientKept,
            () => n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "paras")));
        await AssertDomain.ThrowsAsync(DomainErrorKind.AlreadyExists, Reasons.DuplicateClient,
            () => n.AddClientAsync("alfa", "kopio", "2222222-2"));
        await n.AddClientAsync("alfa", "vapaa", "7654321-9"); // the identity it gave up is free again
    }
}
