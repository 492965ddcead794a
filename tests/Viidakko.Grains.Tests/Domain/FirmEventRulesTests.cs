using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

/// <summary><see cref="FirmEventRules"/>: which events a change puts into a firm's feed.</summary>
public sealed class FirmEventRulesTests
{
    private static readonly DateTime T0 = new(2026, 4, 1, 8, 0, 0, DateTimeKind.Utc);

    private static ReferralEvent Step(int minutes, string actor, ReferralEventType type, ReferralStatus after) =>
        new(T0.AddMinutes(minutes), actor, type, after, "");

    private static ReferralSummary Summary(params ReferralEvent[] steps) =>
        ReferralIndexTests.Summary("r-1", "lahettaja", "vastaanottaja", status: steps[^1].StatusAfter, version: steps.Length) with
        {
            Steps = steps,
            StepCount = steps.Length,
            UpdateTime = steps[^1].Time,
        };

    private static readonly ReferralEvent Created = Step(0, "lahettaja", ReferralEventType.Created, ReferralStatus.Proposed);
    private static readonly ReferralEvent Accepted = Step(5, "vastaanottaja", ReferralEventType.Accepted, ReferralStatus.Accepted);
    private static readonly ReferralEvent Started = Step(9, "vastaanottaja", ReferralEventType.Started, ReferralStatus.InProgress);
    private static readonly ReferralEvent Won = Step(20, "vastaanottaja", ReferralEventType.Won, ReferralStatus.Won);

    [Fact]
    public void A_new_referral_is_sent_for_the_referrer_and_received_for_the_receiver()
    {
        var summary = Summary(Created);
        var sent = Assert.Single(FirmEventRules.ForReferral("lahettaja", null, summary));
        var received = Assert.Single(FirmEventRules.ForReferral("vastaanottaja", null, summary));

        Assert.Equal(FirmEventType.ReferralSent, sent.Type);
        Assert.Equal(FirmEventType.ReferralReceived, received.Type);
        Assert.All([sent, received], e =>
        {
            Assert.Equal("r-1", e.SubjectId);
            Assert.Equal("lahettaja", e.ActorFirmId);
            Assert.Equal("PROPOSED", e.State);
            Assert.Equal(0, e.Position);
            Assert.Equal(ReferralKind.Referral, e.Kind);
        });
    }

    [Fact]
    public void Only_the_steps_after_what_the_firm_knew_are_events_all_of_them_in_order()
    {
        var known = Summary(Created);
        // The firm missed the notification of the accept and learns start and win at once.
        var events = FirmEventRules.ForReferral("lahettaja", known, Summary(Created, Accepted, Started, Won) with { FeeDueCents = 5_000 });

        Assert.Equal(
            [FirmEventType.ReferralAccepted, FirmEventType.ReferralStarted, FirmEventType.ReferralWon, FirmEventType.ReferralFeeDue],
            events.Select(e => e.Type));
        Assert.Equal(["ACCEPTED", "IN_PROGRESS", "WON", "WON"], events.Select(e => e.State));
        Assert.Equal([Accepted.Time, Started.Time, Won.Time, Won.Time], events.Select(e => e.Time));
        Assert.Equal(5_000, events[^1].AmountCents);
        Assert.Equal(FirmEvent.Hub, events[^1].ActorFirmId);
    }

    [Fact]
    public void The_same_summary_again_adds_nothing()
    {
        var summary = Summary(Created, Accepted);
        Assert.Empty(FirmEventRules.ForReferral("vastaanottaja", summary, summary));
    }

    [Fact]
    public void A_summary_stored_before_firms_kept_the_step_count_counts_the_steps_up_to_its_update()
    {
        var legacy = Summary(Created, Accepted) with { StepCount = 0, Steps = null };
        var events = FirmEventRules.ForReferral("vastaanottaja", legacy, Summary(Created, Accepted, Started));
        Assert.Equal(FirmEventType.ReferralStarted, Assert.Single(events).Type);
    }

    [Fact]
    public void Declines_and_losses_carry_their_reason_and_an_expiry_is_the_hubs()
    {
        var declined = Summary(Created, Step(3, "vastaanottaja", ReferralEventType.Declined, ReferralStatus.Declined)) with
        {
            DeclineReason = DeclineReason.AlreadyOurClient,
        };
        Assert.Equal("ALREADY_OUR_CLIENT", FirmEventRules.ForReferral("lahettaja", Summary(Created), declined).Single().Reason);

        var lost = Summary(Created, Accepted, Started, Step(30, "vastaanottaja", ReferralEventType.Lost, ReferralStatus.Lost)) with
        {
            LostReason = LostReason.ChoseCompetitor,
        };
        Assert.Equal("CHOSE_COMPETITOR", FirmEventRules.ForReferral("lahettaja", Summary(Created, Accepted, Started), lost).Single().Reason);

        var expired = FirmEventRules.ForReferral("vastaanottaja", Summary(Created),
            Summary(Created, Step(60, "", ReferralEventType.Expired, ReferralStatus.Expired))).Single();
        Assert.Equal(FirmEventType.ReferralExpired, expired.Type);
        Assert.Equal(FirmEvent.Hub, expired.ActorFirmId);
    }

    [Fact]
    public void Feedback_given_is_sealed_and_not_an_event()
    {
        var rated = Summary(Created, Accepted, Step(7, "lahettaja", ReferralEventType.FeedbackGiven, ReferralStatus.Accepted));
        Assert.Empty(FirmEventRules.ForReferral("vastaanottaja", Summary(Created, Accepted), rated));
    }

    [Fact]
    public void A_partnership_event_names_the_partner_the_actor_and_the_state_and_only_when_it_changed()
    {
        var proposed = new PartnershipHalf
        {
            PartnerFirmId = "kumppani", Status = PartnershipStatus.Proposed, ProposerFirmId = "kumppani", LastActorFirmId = "kumppani",
            Version = 1, UpdateTime = T0,
        };
        var active = new PartnershipHalf
        {
            PartnerFirmId = "kumppani", Status = PartnershipStatus.Active, ProposerFirmId = "kumppani", LastActorFirmId = "mina",
            Version = 2, UpdateTime = T0.AddHours(1),
        };

        var first = FirmEventRules.ForPartnership(null, proposed)!;
        Assert.Equal((FirmEventType.PartnershipProposed, "kumppani", "kumppani", "PROPOSED"), (first.Type, first.SubjectId, first.ActorFirmId, first.State));
        var second = FirmEventRules.ForPartnership(proposed, active)!;
        Assert.Equal((FirmEventType.PartnershipAccepted, "mina", "ACTIVE", T0.AddHours(1)), (second.Type, second.ActorFirmId, second.State, second.Time));
        Assert.Null(FirmEventRules.ForPartnership(active, active));
    }

    [Theory]
    [InlineData(ReferralStatus.InProgress, "IN_PROGRESS")]
    [InlineData(ReferralStatus.Won, "WON")]
    [InlineData(ReferralStatus.Unspecified, "")]
    public void Enum_members_are_spelled_as_the_api_spells_them(ReferralStatus status, string expected) =>
        Assert.Equal(expected, FirmEventRules.ApiName(status));
}
