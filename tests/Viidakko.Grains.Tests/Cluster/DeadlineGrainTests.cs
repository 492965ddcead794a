using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Cluster;

/// <summary>
/// Deadlines act on their own: an unanswered proposal warns both firms before it expires and expires
/// at its expire time without anyone touching it, through a durable reminder. The test moves the
/// clock; the timers check it every second.
/// </summary>
[Collection(TimedClusterCollection.Name)]
public sealed class DeadlineGrainTests(TimedClusterFixture fixture)
{
    private DateTime Now => fixture.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task An_unanswered_proposal_warns_a_day_before_and_then_expires_on_its_own_in_both_feeds()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var expire = Now.AddDays(14);
        var id = (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila", expireTime: expire))).ReferralId;

        fixture.Clock.Advance(TimeSpan.FromDays(13) + TimeSpan.FromHours(1));
        var warned = await MatchingSteps.EventuallyAsync(() => n.Referral(id).GetAsync("alfa"), r => r.Timeline[^1].Type == ReferralEventType.DeadlineWarning, "the warning");
        Assert.Equal(ReferralEventType.DeadlineWarning, warned.Timeline[^1].Type);
        Assert.Equal(ReferralStatus.Proposed, warned.Status);
        Assert.Equal("", warned.Timeline[^1].ActorFirmId);

        fixture.Clock.Advance(TimeSpan.FromDays(1));
        // Nobody calls the referral: the firms' own lists show the expiry once the timer did it.
        var entry = await MatchingSteps.EventuallyAsync(async () => Assert.Single(await n.ReferralIndexAsync("alfa")), r => r.Version >= 3, "the expiry");
        Assert.Equal((ReferralStatus.Expired, 3L), (entry.Status, entry.Version));

        foreach (var firm in new[] { "alfa", "beta" })
        {
            // Each firm is told on its own: one may have its expiry event a moment after the other.
            var page = await MatchingSteps.EventuallyAsync(() => n.Firm(firm).ListEventsAsync(0, 100),
                p => p.Events.Any(e => e.Type == FirmEventType.ReferralExpired), $"{firm}'s expiry event");
            var events = page.Events;
            Assert.Equal(
                [FirmEventType.ReferralDeadlineWarning, FirmEventType.ReferralExpired],
                events.Where(e => e.Subject == FirmEventSubject.Referral).Skip(1).Select(e => e.Type));
            Assert.All(events.Where(e => e.Subject == FirmEventSubject.Referral).Skip(1), e => Assert.Equal(FirmEvent.Hub, e.ActorFirmId));
        }
    }

    [Fact]
    public async Task An_answered_proposal_is_neither_warned_nor_expired_but_its_first_contact_falls_due()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var id = (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila", expireTime: Now.AddDays(3)))).ReferralId;
        var accepted = await n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Accept));
        Assert.Equal(DeadlineKind.FirstContact, accepted.Deadline!.Kind);
        Assert.Equal(ReferralDeadlines.FirstContactDue(SlaPolicy.Default, Now), accepted.Deadline.DueTime);

        fixture.Clock.Advance(TimeSpan.FromDays(4));
        var referral = await MatchingSteps.EventuallyAsync(() => n.Referral(id).GetAsync("beta"), r => r.Timeline.Any(e => e.Type == ReferralEventType.FirstContactMissed), "the missed first contact");
        Assert.Equal(ReferralStatus.Accepted, referral.Status);
        Assert.DoesNotContain(referral.Timeline, e => e.Type is ReferralEventType.DeadlineWarning or ReferralEventType.Expired);
        Assert.Null(referral.Deadline);
        // Both feeds carry it, and the receiver's standing counts it.
        var missed = (await n.Firm("alfa").ListEventsAsync(0, 100)).Events.Last();
        Assert.Equal(FirmEventType.ReferralFirstContactMissed, missed.Type);
        var standing = (await n.Firm("beta").GetAsync("beta")).Standing.Responsiveness!;
        Assert.Equal((1, 0, 0, 1), (standing.Answered, standing.Expired, standing.FirstContactsOnTime, standing.FirstContactsMissed));
    }

    [Fact]
    public async Task A_referral_started_in_time_counts_as_first_contact_on_time()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        await n.AddClientAsync("alfa", "kahvila", "1234567-8");
        var id = (await n.Firm("alfa").CreateReferralAsync(TestNetwork.Request("beta", "kahvila"))).ReferralId;
        await n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Accept));
        var started = await n.Firm("beta").ActOnReferralAsync(id, TestNetwork.Action(ReferralActionType.Start));
        Assert.Null(started.Deadline);

        fixture.Clock.Advance(TimeSpan.FromDays(5));
        await Task.Delay(TimeSpan.FromSeconds(2)); // timer ticks' worth: nothing may happen
        var referral = await n.Referral(id).GetAsync("beta");
        Assert.DoesNotContain(referral.Timeline, e => e.Type is ReferralEventType.FirstContactWarning or ReferralEventType.FirstContactMissed);
        var standing = (await n.Firm("beta").GetAsync("beta")).Standing.Responsiveness!;
        Assert.Equal((1, 0, 1, 0, 1.0), (standing.Answered, standing.Expired, standing.FirstContactsOnTime, standing.FirstContactsMissed, standing.FirstContactRate));
    }

    [Fact]
    public async Task A_rating_whose_seal_runs_out_is_announced_in_both_feeds_on_its_own()
    {
        var n = await TestNetwork.CreateAsync(fixture.Grains, "alfa", "beta");
        await n.PartnerAsync("alfa", "beta");
        var won = await n.WonReferralAsync("alfa", "beta", "kahvila");
        await n.Firm("alfa").SubmitFeedbackAsync(won.ReferralId, new FeedbackInput(4, 4, 4, 4, "", null, [], null));

        // Nobody else rates and nobody calls: the firms' timers announce it when the 14 days are over.
        fixture.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromHours(1));
        foreach (var (firm, reason) in new[] { ("alfa", "GIVEN"), ("beta", "RECEIVED") })
        {
            var unsealed = await MatchingSteps.EventuallyAsync(
                async () => (await n.Firm(firm).ListEventsAsync(0, 1000)).Events.Where(e => e.Type == FirmEventType.FeedbackUnsealed).ToList(),
                events => events.Count > 0, "the unsealing");
            Assert.Equal((won.ReferralId, "alfa", reason), (Assert.Single(unsealed).SubjectId, unsealed[0].ActorFirmId, unsealed[0].Reason));
        }
    }
}
