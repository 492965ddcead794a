using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>Everything a call acknowledged is in the SQLite file: a new hub on the same data dir reads it back.</summary>
public sealed class RestartTests() : OwnHubTest("restart")
{
    [Fact]
    public async Task A_new_hub_on_the_same_data_dir_reads_everything_back()
    {
        string networkId;
        string rumpuKey, bittiKey, referralName;
        Network network;
        Firm rumpuFirm;
        Partnership rumpuSide, bittiSide;
        Client client;
        Referral referralForRumpu, referralForBitti, pending;
        ListReferralsResponse sent;
        ListHassleEntriesResponse hassle;

        await using (var first = await HubHost.StartAsync(DataDir, AdminKey))
        {
            networkId = await first.NewNetworkAsync("restart");
            var rumpu = await first.RegisterAsync(networkId, "viidakkorumpu", TestData.Viidakkorumpu());
            var bitti = await first.RegisterAsync(networkId, "bittipaja", TestData.Bitti());
            rumpuKey = rumpu.ApiKey;
            bittiKey = bitti.ApiKey;
            await Scenario.PartnerAsync(rumpu, bitti, TestData.Terms(12.5, feeCapMonths: 6, nonSolicitMonths: 12));

            await rumpu.CreateClientAsync("hankala", "Hankala Oy", businessId: "1234567-8", email: "pomo@hankala.fi");
            await rumpu.Clients.LogHassleAsync(new LogHassleRequest { Parent = rumpu.Client("hankala"), Kind = HassleKind.AttitudeIncident, Minutes = 90, Note = "Shouted" });
            await rumpu.Clients.LogRevenueAsync(new LogRevenueRequest { Parent = rumpu.Client("hankala"), AmountCents = 10_000 });

            var referral = await Scenario.ReferAsync(rumpu, bitti, "hankala", ReferralKind.Referral, "basic-it");
            referralName = referral.Name;
            await bitti.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = referralName, Note = "On it" });
            await bitti.Referrals.StartReferralAsync(new StartReferralRequest { Name = referralName });
            await bitti.Referrals.MarkReferralWonAsync(new MarkReferralWonRequest { Name = referralName, WonValueCents = 300_000, ContractMonths = 12 });
            await rumpu.CreateClientAsync("toinen", "Toinen Oy", businessId: "2222222-2");
            pending = await Scenario.ReferAsync(rumpu, bitti, "toinen", ReferralKind.Introduction, "web");

            network = await first.Admin.GetNetworkAsync(new GetNetworkRequest { Name = $"networks/{networkId}" });
            rumpuFirm = await rumpu.Firms.GetFirmAsync(new GetFirmRequest { Name = rumpu.Name });
            rumpuSide = await rumpu.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = rumpu.PartnershipWith(bitti) });
            bittiSide = await bitti.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = bitti.PartnershipWith(rumpu) });
            client = await rumpu.Clients.GetClientAsync(new GetClientRequest { Name = rumpu.Client("hankala") });
            referralForRumpu = await rumpu.GetReferralAsync(referralName);
            referralForBitti = await bitti.GetReferralAsync(referralName);
            sent = await rumpu.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = rumpu.Name, Role = ReferralRole.Sent });
            hassle = await rumpu.Clients.ListHassleEntriesAsync(new ListHassleEntriesRequest { Parent = rumpu.Client("hankala") });

            Assert.Equal(ReferralState.Won, referralForRumpu.State);
            Assert.Equal(18_750, referralForRumpu.FeeDueCents); // 12.5 % of 6/12 of 3 000 €
            Assert.Equal(DifficultyLevel.High, client.Difficulty.Level);
            await first.StopAsync();
        }

        // What follows can only come from the file: the first hub, its silo and its memory are gone.
        Assert.True(File.Exists(Path.Combine(DataDir, "viidakko.db")));

        await using var second = await HubHost.StartAsync(DataDir, AdminKey);
        // The keys were never stored, only their hashes: the same keys still work.
        var rumpuAgain = second.Firm(networkId, "viidakkorumpu", rumpuKey);
        var bittiAgain = second.Firm(networkId, "bittipaja", bittiKey);

        Assert.Equal(network, await second.Admin.GetNetworkAsync(new GetNetworkRequest { Name = $"networks/{networkId}" }));
        var networks = await second.Admin.ListNetworksAsync(new ListNetworksRequest());
        Assert.Contains(networks.Networks, n => n.Name == network.Name);
        Assert.Equal(rumpuFirm, await rumpuAgain.Firms.GetFirmAsync(new GetFirmRequest { Name = rumpuAgain.Name }));
        Assert.Equal(rumpuSide, await rumpuAgain.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = rumpuAgain.PartnershipWith(bittiAgain) }));
        Assert.Equal(bittiSide, await bittiAgain.Partnerships.GetPartnershipAsync(new GetPartnershipRequest { Name = bittiAgain.PartnershipWith(rumpuAgain) }));
        Assert.Equal(client, await rumpuAgain.Clients.GetClientAsync(new GetClientRequest { Name = rumpuAgain.Client("hankala") }));
        Assert.Equal(referralForRumpu, await rumpuAgain.GetReferralAsync(referralName));
        Assert.Equal(referralForBitti, await bittiAgain.GetReferralAsync(referralName));
        // The time left on a deadline moves on with the clock; everything else reads back the same.
        Assert.Equal(WithoutTimeLeft(sent), WithoutTimeLeft(await rumpuAgain.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = rumpuAgain.Name, Role = ReferralRole.Sent })));
        Assert.Equal(hassle, await rumpuAgain.Clients.ListHassleEntriesAsync(new ListHassleEntriesRequest { Parent = rumpuAgain.Client("hankala") }));

        // And the story goes on from where it was: the pending introduction can still be accepted...
        var accepted = await bittiAgain.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = pending.Name });
        Assert.Equal(ReferralState.Accepted, accepted.State);
        Assert.Equal(pending.Version + 1, accepted.Version);
        // ...and the won one cannot be moved again.
        await Rpc.Fails(StatusCode.FailedPrecondition, "ILLEGAL_TRANSITION",
            () => bittiAgain.Referrals.StartReferralAsync(new StartReferralRequest { Name = referralName }));
        // The registration is remembered too: the firm id is still taken.
        await Rpc.Fails(StatusCode.AlreadyExists, () => second.Admin.RegisterFirmAsync(new RegisterFirmRequest
        {
            Parent = $"networks/{networkId}",
            FirmId = "viidakkorumpu",
            Firm = TestData.Viidakkorumpu(),
        }));
    }

    private static ListReferralsResponse WithoutTimeLeft(ListReferralsResponse response)
    {
        var copy = response.Clone();
        foreach (var r in copy.Referrals)
        {
            if (r.Deadline is not null) r.Deadline.TimeLeft = null;
        }

        return copy;
    }
}
