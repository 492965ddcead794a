using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// A deadline survives a restart of the embedded hub: its timer is a reminder in the data file, so a
/// proposal that nobody answers expires on its own after the hub comes back, and both feeds say so.
/// </summary>
public sealed class DeadlineRestartTests() : OwnHubTest("deadline")
{
    // The first hub runs 15 days in the past: its proposal (14 days to answer) is overdue when the
    // second hub, in the present, starts. No test waits for a deadline.
    private readonly ManualClock _past = new(TimeSpan.FromDays(-15));

    [Fact]
    public async Task A_proposal_left_unanswered_across_a_restart_expires_on_its_own_in_both_feeds()
    {
        string networkId, referralName, referrerKey, receiverKey;
        await using (var first = await HubHost.StartAsync(DataDir, AdminKey, _past, quickTimers: true))
        {
            networkId = await first.NewNetworkAsync("deadline");
            var referrer = await first.RegisterAsync(networkId, "lahettaja");
            var receiver = await first.RegisterAsync(networkId, "vastaanottaja");
            await Scenario.PartnerAsync(referrer, receiver, TestData.Terms(10));
            await referrer.CreateClientAsync("asiakas", "Asiakas Oy", businessId: "6666666-6");
            referralName = (await Scenario.ReferAsync(referrer, receiver, "asiakas")).Name;
            (referrerKey, receiverKey) = (referrer.ApiKey, receiver.ApiKey);
        }

        await using var hub = await HubHost.StartAsync(DataDir, AdminKey, quickTimers: true);
        foreach (var (firmId, key) in new[] { ("lahettaja", referrerKey), ("vastaanottaja", receiverKey) })
        {
            var firm = hub.Firm(networkId, firmId, key);
            // Only the feed is read, which never touches the referral: the timer alone must expire it.
            var last = await Eventually.PollAsync(
                async () => (await firm.Events.ListEventsAsync(new ListEventsRequest { Parent = firm.Name, AfterPosition = 2 })).Events.LastOrDefault(),
                e => e?.Type == EventType.ReferralExpired, $"{firmId}'s expiry event", TimeSpan.FromSeconds(30));
            Assert.NotNull(last);
            Assert.Equal((EventType.ReferralExpired, referralName, "hub", "EXPIRED"), (last.Type, last.Resource, last.Actor, last.State));
        }
    }
}
