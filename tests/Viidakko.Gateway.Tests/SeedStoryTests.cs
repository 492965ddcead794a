using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

// Inside the namespace, so the API's types win over the domain types of namespace Viidakko.
using Viidakko.Api.V1;

/// <summary>
/// The story of shared/seed, end to end over gRPC: a Turku network of agencies, handshakes with
/// terms, a kept best client, a "difficult case" passed on with honest disclosure, a won deal and
/// its fee, an introduction that reveals the client only once accepted.
/// </summary>
public sealed class SeedStoryTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;

    [Fact]
    public async Task The_seed_story_runs_end_to_end()
    {
        // 1. The operator creates the network; the agencies join with their profiles.
        var networkId = TestData.UniqueId("turku");
        var network = await _hub.Admin.CreateNetworkAsync(new CreateNetworkRequest
        {
            NetworkId = networkId,
            Network = new Network { DisplayName = "Turku region agencies", Region = "Varsinais-Suomi" },
        });
        Assert.Equal($"networks/{networkId}", network.Name);

        var rumpu = await _hub.RegisterAsync(networkId, "viidakkorumpu", TestData.Viidakkorumpu());
        var bitti = await _hub.RegisterAsync(networkId, "bittipaja", TestData.Bitti());
        var mobiili = await _hub.RegisterAsync(networkId, "mobiilimestarit", TestData.Mobiili());
        var flash = await _hub.RegisterAsync(networkId, "salama", TestData.Flash());

        var networkNow = await _hub.Admin.GetNetworkAsync(new GetNetworkRequest { Name = network.Name });
        Assert.Equal(4, networkNow.FirmCount);

        // Know who can do what: the directory filters by skill and shows levels and traits.
        var mobileFirms = await bitti.Firms.ListFirmsAsync(new ListFirmsRequest { Parent = bitti.Network, Skill = "mobile" });
        Assert.Equal(1, mobileFirms.TotalSize);
        Assert.Equal(mobiili.Name, Assert.Single(mobileFirms.Firms).Name);
        var flashFirms = await bitti.Firms.ListFirmsAsync(new ListFirmsRequest { Parent = bitti.Network, Skill = "flash-animation" });
        Assert.Equal(flash.Name, Assert.Single(flashFirms.Firms).Name);
        var marketers = await bitti.Firms.ListFirmsAsync(new ListFirmsRequest { Parent = bitti.Network, Skill = "marketing" });
        var rumpuPublic = Assert.Single(marketers.Firms);
        Assert.Contains("marketing-minded", rumpuPublic.Traits);
        Assert.Equal(5, rumpuPublic.Capabilities.Single(c => c.Skill == "marketing").Level);
        Assert.Equal(Capacity.Full, rumpuPublic.Capacity);
        Assert.Equal("2031-01-15", rumpuPublic.NextFreeDate);
        var all = await bitti.Firms.ListFirmsAsync(new ListFirmsRequest { Parent = bitti.Network });
        Assert.Equal(4, all.TotalSize);

        // Before the handshake Bittipaja sees only the public profile: no e-mail, no phone.
        var beforeHandshake = await bitti.Firms.GetFirmAsync(new GetFirmRequest { Name = rumpu.Name });
        Assert.Equal(FirmView.Public, beforeHandshake.View);
        Assert.Equal("Jari Viidakko", beforeHandshake.People.Single().Name);
        Assert.Equal("", beforeHandshake.People.Single().Email);

        // 2. The handshake, with terms: proposed by one, accepted by the other; both agree.
        var terms = TestData.Terms(10, feeCapMonths: 12, nonSolicitMonths: 12, "basic-it", "web");
        var proposed = await rumpu.Partnerships.ProposePartnershipAsync(new ProposePartnershipRequest
        {
            Parent = rumpu.Name,
            Partner = bitti.Name,
            Terms = terms,
            Message = "Hands shaken at the Turku tour: let's pass work both ways.",
        });
        Assert.Equal(PartnershipState.Proposed, proposed.State);
        var invitation = await bitti.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = bitti.PartnershipWith(rumpu) });
        Assert.Equal(PartnershipState.Proposed, invitation.State);
        Assert.Equal(rumpu.Name, invitation.Proposer);
        Assert.Equal(terms, invitation.Terms);

        await bitti.Partnerships.AcceptPartnershipAsync(new AcceptPartnershipRequest { Name = bitti.PartnershipWith(rumpu), Note = "Deal!" });
        var rumpuSide = await rumpu.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = rumpu.PartnershipWith(bitti) });
        var bittiSide = await bitti.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = bitti.PartnershipWith(rumpu) });
        Assert.Equal(PartnershipState.Active, rumpuSide.State);
        Assert.Equal(rumpuSide.State, bittiSide.State);
        Assert.Equal(terms, rumpuSide.Terms);
        Assert.Equal(rumpuSide.Terms, bittiSide.Terms);
        Assert.Equal(rumpuSide.Version, bittiSide.Version);
        Assert.True(rumpuSide.Version > proposed.Version);
        Assert.Equal(bitti.Name, rumpuSide.Partner);
        Assert.Equal(rumpu.Name, bittiSide.Partner);

        // Partners see each other's people in full.
        var afterHandshake = await bitti.Firms.GetFirmAsync(new GetFirmRequest { Name = rumpu.Name });
        Assert.Equal(FirmView.Partner, afterHandshake.View);
        Assert.Equal("jari@viidakkorumpu.fi", afterHandshake.People.Single().Email);

        await Scenario.PartnerAsync(rumpu, mobiili, TestData.Terms(15, nonSolicitMonths: 6));

        // 3. Clients. The nice and best clients are ALWAYS kept.
        var best = await rumpu.CreateClientAsync("paras-asiakas", "Paras Asiakas Oy", businessId: "1111111-1", email: "ceo@paras.fi", keep: true);
        Assert.True(best.Keep);
        var kept = await Rpc.Fails(StatusCode.FailedPrecondition, "CLIENT_KEPT",
            () => rumpu.Referrals.CreateReferralAsync(Scenario.ReferralRequest(rumpu, bitti, "paras-asiakas", skill: "basic-it")));
        Assert.Contains("kept", kept.Status.Detail, StringComparison.OrdinalIgnoreCase);

        // The "difficult case": lots of hassle relative to the money.
        var hankala = await rumpu.CreateClientAsync("hankala", "Hankala Oy", businessId: "1234567-8", email: "pomo@hankala.fi");
        Assert.Equal("bid:12345678|domain:hankala.fi", hankala.NormalizedIdentity);
        foreach (var (kind, minutes, note) in new[]
        {
            (HassleKind.Call, 30, "Called three times about the logo colour"),
            (HassleKind.Call, 30, "Called again"),
            (HassleKind.Call, 30, "And again"),
            (HassleKind.Email, 45, "Twelve e-mails before lunch"),
            (HassleKind.AttitudeIncident, 60, "\"Anyone could do this in an hour\""),
        })
        {
            await rumpu.Clients.LogHassleAsync(new LogHassleRequest { Parent = hankala.Name, Kind = kind, Minutes = minutes, Note = note });
        }

        await rumpu.Clients.LogRevenueAsync(new LogRevenueRequest { Parent = hankala.Name, AmountCents = 20_000, Note = "Business cards" });
        var difficult = await rumpu.Clients.GetClientAsync(new GetClientRequest { Name = hankala.Name });
        Assert.Equal(DifficultyLevel.High, difficult.Difficulty.Level);
        Assert.Equal(195, difficult.Difficulty.HassleMinutes);
        Assert.Equal(20_000, difficult.Difficulty.RevenueCents);
        Assert.Equal(16.25, difficult.Difficulty.HassleHoursPerThousandEur, 3);
        Assert.Equal(3, difficult.Difficulty.HassleByKind.Single(k => k.Kind == HassleKind.Call).Count);
        Assert.Equal(60, difficult.Difficulty.HassleByKind.Single(k => k.Kind == HassleKind.AttitudeIncident).Minutes);

        // 4. The difficult case is referred to the partner, with honest disclosure attached.
        var referral = await Scenario.ReferAsync(rumpu, bitti, "hankala", ReferralKind.Referral, "basic-it");
        Assert.Equal(ReferralState.Proposed, referral.State);
        Assert.Equal(rumpu.Name, referral.Referrer);
        Assert.Equal(bitti.Name, referral.Receiver);
        Assert.Equal(hankala.Name, referral.Client);
        Assert.Equal(terms, referral.Terms);

        var seenBeforeAccepting = await bitti.GetReferralAsync(referral.Name);
        Assert.Equal(ReferralState.Proposed, seenBeforeAccepting.State);
        Assert.Equal("Hankala Oy", seenBeforeAccepting.Disclosure.ClientDisplayName);
        Assert.Equal(DifficultyLevel.High, seenBeforeAccepting.Disclosure.Difficulty.Level);
        Assert.Equal(195, seenBeforeAccepting.Disclosure.Difficulty.HassleMinutes);
        Assert.Contains(seenBeforeAccepting.Disclosure.Difficulty.HassleByKind, k => k.Kind == HassleKind.AttitudeIncident && k.Count == 1);
        Assert.Null(seenBeforeAccepting.ClientContact);

        // 5. The partner takes it on, contacts the client and wins; the fee follows the terms.
        var accepted = await bitti.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = referral.Name, Note = "We can handle them." });
        Assert.Equal(ReferralState.Accepted, accepted.State);
        Assert.Null(accepted.ClientContact); // a referral never shares the contact details
        var started = await bitti.Referrals.StartReferralAsync(new StartReferralRequest { Name = referral.Name, Note = "Met them." });
        Assert.Equal(ReferralState.InProgress, started.State);
        var won = await bitti.Referrals.MarkReferralWonAsync(new MarkReferralWonRequest
        {
            Name = referral.Name,
            WonValueCents = 1_200_000,
            ContractMonths = 24,
            Note = "Two-year maintenance deal.",
        });
        Assert.Equal(ReferralState.Won, won.State);
        Assert.Equal(1_200_000, won.WonValueCents);
        Assert.Equal(24, won.ContractMonths);
        // 10 % of the value, only the capped 12 of 24 months carry a fee: 12 000 € × 12/24 × 10 % = 600 €.
        Assert.Equal(60_000, won.FeeDueCents);
        Assert.NotNull(won.CustodyUntil);

        rumpuSide = await rumpu.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = rumpu.PartnershipWith(bitti) });
        bittiSide = await bitti.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = bitti.PartnershipWith(rumpu) });
        Assert.Equal(60_000, rumpuSide.FeesOwedToYouCents);
        Assert.Equal(rumpuSide.FeesOwedToYouCents, bittiSide.FeesYouOweCents);
        Assert.Equal(0, rumpuSide.FeesYouOweCents);
        Assert.Equal(0, bittiSide.FeesOwedToYouCents);
        Assert.Equal(1, rumpuSide.ReferralsSent);
        Assert.Equal(1, bittiSide.ReferralsReceived);

        // 6. Introducing the client directly: the contact is revealed on acceptance, not before.
        var intro = await rumpu.CreateClientAsync("sovellus", "Sovellus Oy", businessId: "7654321-0", email: "anna@sovellus.fi");
        var introduction = await Scenario.ReferAsync(rumpu, mobiili, "sovellus", ReferralKind.Introduction, "mobile");
        Assert.Equal(ReferralKind.Introduction, introduction.Kind);
        var introBefore = await mobiili.GetReferralAsync(introduction.Name);
        Assert.Null(introBefore.ClientContact);
        Assert.Equal("Sovellus Oy", introBefore.Disclosure.ClientDisplayName);
        Assert.Equal(DifficultyLevel.Unspecified, introBefore.Disclosure.Difficulty.Level);

        var introAccepted = await mobiili.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = introduction.Name });
        Assert.NotNull(introAccepted.ClientContact);
        Assert.Equal("anna@sovellus.fi", introAccepted.ClientContact.Email);
        var introAfter = await mobiili.GetReferralAsync(introduction.Name);
        Assert.Equal(intro.Contact, introAfter.ClientContact);
        // The flash firm, not a party, learns nothing of it.
        await Rpc.Fails(StatusCode.NotFound, () => flash.Referrals.GetReferralAsync(new() { Name = introduction.Name }));

        // 7. Both parties read the same timeline, with who did what.
        var rumpuTimeline = (await rumpu.GetReferralAsync(referral.Name)).Timeline;
        var bittiTimeline = (await bitti.GetReferralAsync(referral.Name)).Timeline;
        Assert.Equal(rumpuTimeline, bittiTimeline);
        Assert.Equal(
            new[] { ReferralEventType.Created, ReferralEventType.Accepted, ReferralEventType.Started, ReferralEventType.Won },
            rumpuTimeline.Select(e => e.Type).ToArray());
        Assert.Equal(new[] { rumpu.Name, bitti.Name, bitti.Name, bitti.Name }, rumpuTimeline.Select(e => e.Actor).ToArray());
        Assert.Equal(
            new[] { ReferralState.Proposed, ReferralState.Accepted, ReferralState.InProgress, ReferralState.Won },
            rumpuTimeline.Select(e => e.StateAfter).ToArray());
        Assert.Equal("Two-year maintenance deal.", rumpuTimeline[^1].Note);

        // 8. Lists: sent / received, by state, and page by page.
        var sent = await rumpu.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = rumpu.Name, Role = ReferralRole.Sent });
        Assert.Equal(new[] { introduction.Name, referral.Name }, sent.Referrals.Select(r => r.Name).ToArray()); // newest first
        Assert.All(sent.Referrals, r => Assert.Empty(r.Timeline));
        Assert.Equal("", sent.NextPageToken);

        var sentWon = await rumpu.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = rumpu.Name, Role = ReferralRole.Sent, State = ReferralState.Won });
        var wonSummary = Assert.Single(sentWon.Referrals);
        Assert.Equal(referral.Name, wonSummary.Name);
        Assert.Equal(60_000, wonSummary.FeeDueCents);
        var rumpuReceived = await rumpu.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = rumpu.Name, Role = ReferralRole.Received });
        Assert.Empty(rumpuReceived.Referrals);
        var bittiReceived = await bitti.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = bitti.Name, Role = ReferralRole.Received });
        Assert.Equal(referral.Name, Assert.Single(bittiReceived.Referrals).Name);
        var mobiiliAccepted = await mobiili.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = mobiili.Name, Role = ReferralRole.Received, State = ReferralState.Accepted });
        Assert.Equal(introduction.Name, Assert.Single(mobiiliAccepted.Referrals).Name);
        var mobiiliWon = await mobiili.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = mobiili.Name, State = ReferralState.Won });
        Assert.Empty(mobiiliWon.Referrals);

        // A third referral so the walk crosses more than one page boundary.
        var third = await Scenario.ReferAsync(rumpu, mobiili, "hankala", ReferralKind.Referral, "mobile");
        var walked = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await rumpu.Referrals.ListReferralsAsync(new ListReferralsRequest
            {
                Parent = rumpu.Name,
                Role = ReferralRole.Sent,
                PageSize = 1,
                PageToken = token,
            });
            Assert.True(page.Referrals.Count <= 1);
            walked.AddRange(page.Referrals.Select(r => r.Name));
            token = page.NextPageToken;
            Assert.True(++pages <= 5, "the page walk does not end");
        }
        while (token.Length > 0);

        Assert.Equal(new[] { third.Name, introduction.Name, referral.Name }, walked.ToArray());
    }
}
