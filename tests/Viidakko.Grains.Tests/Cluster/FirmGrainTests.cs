namespace Viidakko.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class FirmGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Api_key_hash_authenticates_until_the_firm_is_suspended()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");

        Assert.Equal(FirmAuthResult.Ok, await n.Firm("alfa").AuthenticateAsync("hash-alfa"));
        Assert.Equal(FirmAuthResult.Unknown, await n.Firm("alfa").AuthenticateAsync("hash-beta"));
        Assert.Equal(FirmAuthResult.Unknown, await n.Firm("nobody").AuthenticateAsync("hash-nobody"));

        await n.Firm("alfa").SetSuspendedAsync(true);
        Assert.Equal(FirmAuthResult.Suspended, await n.Firm("alfa").AuthenticateAsync("hash-alfa"));
        await AssertDomain.ThrowsAsync(DomainErrorKind.PermissionDenied, Reasons.FirmSuspended,
            () => n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila")));
        Assert.True((await n.Directory.ListFirmsAsync(null, 10, null)).Firms.Single(f => f.FirmId == "alfa").Suspended);

        await n.Firm("alfa").SetSuspendedAsync(false);
        await n.Firm("alfa").SetApiKeyHashAsync("rotated");
        Assert.Equal(FirmAuthResult.Unknown, await n.Firm("alfa").AuthenticateAsync("hash-alfa"));
        Assert.Equal(FirmAuthResult.Ok, await n.Firm("alfa").AuthenticateAsync("rotated"));
    }

    [Fact]
    public async Task Profile_update_touches_only_the_masked_fields()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa");
        var before = await n.Firm("alfa").GetAsync("alfa");
        var values = before.Profile with { City = "Tampere", Description = "ignored" };

        var after = await n.Firm("alfa").UpdateProfileAsync(values, [FirmProfileFields.City]);
        Assert.Equal(("Tampere", before.Profile.Description), (after.Profile.City, after.Profile.Description));
        Assert.Equal(FirmVisibility.Self, after.Visibility);

        var error = await AssertDomain.ThrowsAsync(DomainErrorKind.InvalidArgument, "INVALID_ARGUMENT",
            () => n.Firm("alfa").UpdateProfileAsync(values, ["api_key"]));
        Assert.Equal("update_mask", Assert.Single(error.Violations).Field);
        Assert.Equal("Tampere", (await n.Directory.ListFirmsAsync(null, 10, null)).Firms.Single().Profile.City);
    }

    [Fact]
    public async Task Lists_page_through_every_item_once()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta", "gamma", "delta");
        await n.PartnerAsync("alfa", "beta");
        await n.PartnerAsync("alfa", "gamma");
        await n.Firm("alfa").ProposePartnershipAsync("delta", TestNetwork.DefaultTerms, "Hi");
        for (var i = 0; i < 5; i++)
        {
            await n.AddClientAsync("alfa", $"c{i}", $"300000{i}-3");
            await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request(i % 2 == 0 ? "beta" : "gamma", $"c{i}", note: $"#{i}"));
        }

        var referrals = new List<ReferralSummary>();
        string? after = null;
        do
        {
            var page = await n.Firm("alfa").ListReferralsAsync(ReferralRole.Sent, null, 2, after);
            Assert.True(page.Referrals.Count <= 2);
            referrals.AddRange(page.Referrals);
            after = page.NextAfterKey;
        }
        while (after is not null);

        Assert.Equal(5, referrals.Select(r => r.ReferralId).Distinct().Count());
        // Newest first.
        Assert.Equal(referrals.Select(r => r.CreateTime).OrderByDescending(t => t), referrals.Select(r => r.CreateTime));
        Assert.Equal(["c4", "c3", "c2", "c1", "c0"], referrals.Select(r => r.ClientId));
        Assert.Empty((await n.Firm("alfa").ListReferralsAsync(ReferralRole.Received, null, 10, null)).Referrals);
        Assert.Equal(3, (await n.Firm("beta").ListReferralsAsync(ReferralRole.Received, ReferralStatus.Proposed, 10, null)).Referrals.Count);
        Assert.Empty((await n.Firm("beta").ListReferralsAsync(ReferralRole.Received, ReferralStatus.Accepted, 10, null)).Referrals);

        var clients = await n.Firm("alfa").ListClientsAsync(3, null);
        Assert.Equal(["c0", "c1", "c2"], clients.Clients.Select(c => c.ClientId));
        var rest = await n.Firm("alfa").ListClientsAsync(3, clients.NextAfterClientId);
        Assert.Equal(["c3", "c4"], rest.Clients.Select(c => c.ClientId));
        Assert.Null(rest.NextAfterClientId);

        var active = await n.Firm("alfa").ListPartnershipsAsync(PartnershipStatus.Active, 1, null);
        Assert.Equal("beta", Assert.Single(active.Partnerships).PartnerFirmId);
        var activeRest = await n.Firm("alfa").ListPartnershipsAsync(PartnershipStatus.Active, 1, active.NextAfterPartnerId);
        Assert.Equal("gamma", Assert.Single(activeRest.Partnerships).PartnerFirmId);
        Assert.Null(activeRest.NextAfterPartnerId);
        Assert.Equal(["beta", "delta", "gamma"], (await n.Firm("alfa").ListPartnershipsAsync(null, 10, null)).Partnerships.Select(p => p.PartnerFirmId));
    }
}
