using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// A network's service levels over a real channel: the operator sets them (validated, with defaults),
/// a referral's answer deadline and, once accepted, its first-contact deadline count business time in
/// the network's time zone, and each party sees what is due and how much time is left.
/// </summary>
public sealed class SlaTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;
    private static readonly TimeZoneInfo Helsinki = TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki");

    private static SlaPolicy HelsinkiPolicy()
    {
        var policy = new SlaPolicy { ResponseBusinessDays = 1, FirstContactBusinessDays = 0.5, TimeZone = "Europe/Helsinki", DayStart = "08:00", DayEnd = "16:00" };
        policy.Holidays.Add("2026-12-24");
        return policy;
    }

    private async Task<string> NetworkAsync(string prefix, SlaPolicy? policy)
    {
        var id = TestData.UniqueId(prefix);
        await _hub.Admin.CreateNetworkAsync(new CreateNetworkRequest
        {
            NetworkId = id,
            Network = new Network { DisplayName = "Helsinki agencies", Region = "Uusimaa", SlaPolicy = policy },
        });
        return id;
    }

    [Fact]
    public async Task A_network_shows_its_policy_or_the_defaults_and_the_operator_can_replace_it()
    {
        var plain = await _hub.Admin.GetNetworkAsync(new GetNetworkRequest { Name = $"networks/{await NetworkAsync("sla-default", null)}" });
        Assert.Equal((2.0, 1.0, "UTC", "09:00", "17:00"), (plain.SlaPolicy.ResponseBusinessDays, plain.SlaPolicy.FirstContactBusinessDays,
            plain.SlaPolicy.TimeZone, plain.SlaPolicy.DayStart, plain.SlaPolicy.DayEnd));
        Assert.Equal([Weekday.Monday, Weekday.Tuesday, Weekday.Wednesday, Weekday.Thursday, Weekday.Friday], plain.SlaPolicy.WorkingDays);

        var id = await NetworkAsync("sla-set", HelsinkiPolicy());
        var network = await _hub.Admin.GetNetworkAsync(new GetNetworkRequest { Name = $"networks/{id}" });
        Assert.Equal(("Europe/Helsinki", "08:00", "16:00", 1.0), (network.SlaPolicy.TimeZone, network.SlaPolicy.DayStart, network.SlaPolicy.DayEnd, network.SlaPolicy.ResponseBusinessDays));
        Assert.Equal(["2026-12-24"], network.SlaPolicy.Holidays);

        var updated = await _hub.Admin.UpdateNetworkAsync(new UpdateNetworkRequest
        {
            Network = new Network { Name = $"networks/{id}", SlaPolicy = new SlaPolicy { ResponseBusinessDays = 3 } },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "sla_policy" } },
        });
        // Replaced whole: what the update does not set takes its default.
        Assert.Equal((3.0, "UTC"), (updated.SlaPolicy.ResponseBusinessDays, updated.SlaPolicy.TimeZone));
    }

    [Fact]
    public async Task A_policy_that_does_not_hold_together_is_refused_naming_each_field()
    {
        var bad = new SlaPolicy { ResponseBusinessDays = 45, TimeZone = "Mars/Olympus_Mons", DayStart = "17:00", DayEnd = "09:00", FirstContactBusinessDays = -1 };
        bad.Holidays.Add("24.12.2026");
        bad.WorkingDays.Add((Weekday)9);
        await Rpc.Invalid(() => _hub.Admin.CreateNetworkAsync(new CreateNetworkRequest
        {
            NetworkId = TestData.UniqueId("sla-bad"),
            Network = new Network { DisplayName = "Bad", SlaPolicy = bad },
        }),
            "network.sla_policy.response_business_days", "network.sla_policy.first_contact_business_days", "network.sla_policy.time_zone",
            "network.sla_policy.day_end", "network.sla_policy.holidays", "network.sla_policy.working_days");
    }

    [Fact]
    public async Task A_referral_is_due_within_business_time_and_each_party_sees_the_deadline_and_time_left()
    {
        var networkId = await NetworkAsync("sla-referral", HelsinkiPolicy());
        var referrer = await _hub.RegisterAsync(networkId, "lahettaja");
        var receiver = await _hub.RegisterAsync(networkId, "vastaanottaja");
        await Scenario.PartnerAsync(referrer, receiver, TestData.Terms(10));
        await referrer.CreateClientAsync("asiakas", "Asiakas Oy", businessId: "4444444-4");

        var referral = await Scenario.ReferAsync(referrer, receiver, "asiakas");
        var deadline = referral.Deadline;
        Assert.Equal(DeadlineKind.Answer, deadline.Kind);
        Assert.Equal(referral.ExpireTime, deadline.DueTime);
        // One business day later: within 08:00–16:00 Helsinki time on a working day, and at least 8 hours on.
        var local = TimeZoneInfo.ConvertTimeFromUtc(deadline.DueTime.ToDateTime(), Helsinki);
        Assert.InRange(local.TimeOfDay, TimeSpan.FromHours(8), TimeSpan.FromHours(16));
        Assert.DoesNotContain(local.DayOfWeek, new[] { DayOfWeek.Saturday, DayOfWeek.Sunday });
        Assert.True(deadline.DueTime.ToDateTime() - referral.CreateTime.ToDateTime() >= TimeSpan.FromHours(8));
        Assert.True(deadline.WarningTime.ToDateTime() < deadline.DueTime.ToDateTime());
        Assert.InRange(deadline.TimeLeft.ToTimeSpan(), deadline.DueTime.ToDateTime() - fixture.Clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(1),
            deadline.DueTime.ToDateTime() - referral.CreateTime.ToDateTime());

        var seen = await receiver.GetReferralAsync(referral.Name);
        Assert.Equal((DeadlineKind.Answer, deadline.DueTime), (seen.Deadline.Kind, seen.Deadline.DueTime));
        var listed = await receiver.Referrals.ListReferralsAsync(new ListReferralsRequest { Parent = receiver.Name, Role = ReferralRole.Received });
        Assert.Equal(deadline.DueTime, Assert.Single(listed.Referrals).Deadline.DueTime);

        var accepted = await receiver.Referrals.AcceptReferralAsync(new AcceptReferralRequest { Name = referral.Name });
        Assert.Equal(DeadlineKind.FirstContact, accepted.Deadline.Kind);
        var firstContact = TimeZoneInfo.ConvertTimeFromUtc(accepted.Deadline.DueTime.ToDateTime(), Helsinki);
        Assert.InRange(firstContact.TimeOfDay, TimeSpan.FromHours(8), TimeSpan.FromHours(16));
        Assert.Equal(DeadlineKind.FirstContact, (await referrer.GetReferralAsync(referral.Name)).Deadline.Kind);

        var started = await receiver.Referrals.StartReferralAsync(new StartReferralRequest { Name = referral.Name });
        Assert.Null(started.Deadline);
        var standing = (await referrer.Firms.GetFirmAsync(new GetFirmRequest { Name = receiver.Name })).Standing.Responsiveness;
        Assert.Equal((1, 0, 1.0, 1, 0, 1.0), (standing.Answered, standing.Expired, standing.AnswerRate, standing.FirstContactsOnTime, standing.FirstContactsMissed, standing.FirstContactRate));
    }
}
