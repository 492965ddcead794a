using Viidakko.Grains.Domain;

namespace Viidakko.Grains.Tests.Domain;

public sealed class ReferralLifecycleTests
{
    private enum Actor { Referrer, Receiver }

    // The whole legal table: (from, action) -> to, and who may do it.
    private static readonly (ReferralStatus From, ReferralActionType Action, Actor Actor, ReferralStatus To)[] Legal =
    [
        (ReferralStatus.Proposed, ReferralActionType.Accept, Actor.Receiver, ReferralStatus.Accepted),
        (ReferralStatus.Proposed, ReferralActionType.Decline, Actor.Receiver, ReferralStatus.Declined),
        (ReferralStatus.Proposed, ReferralActionType.Cancel, Actor.Referrer, ReferralStatus.Cancelled),
        (ReferralStatus.Accepted, ReferralActionType.Start, Actor.Receiver, ReferralStatus.InProgress),
        (ReferralStatus.InProgress, ReferralActionType.Win, Actor.Receiver, ReferralStatus.Won),
        (ReferralStatus.InProgress, ReferralActionType.Lose, Actor.Receiver, ReferralStatus.Lost),
    ];

    private static readonly ReferralActionType[] Actions =
        Enum.GetValues<ReferralActionType>().Where(a => a != ReferralActionType.Unspecified).ToArray();

    private static Actor RightActor(ReferralActionType action) =>
        action == ReferralActionType.Cancel ? Actor.Referrer : Actor.Receiver;

    public static TheoryData<ReferralStatus, ReferralActionType, ReferralStatus> LegalTransitions()
    {
        var data = new TheoryData<ReferralStatus, ReferralActionType, ReferralStatus>();
        foreach (var t in Legal)
        {
            data.Add(t.From, t.Action, t.To);
        }

        return data;
    }

    public static TheoryData<ReferralStatus, ReferralActionType> IllegalPairs()
    {
        var data = new TheoryData<ReferralStatus, ReferralActionType>();
        foreach (var status in Enum.GetValues<ReferralStatus>())
        {
            foreach (var action in Actions)
            {
                if (!Legal.Any(t => t.From == status && t.Action == action))
                {
                    data.Add(status, action);
                }
            }
        }

        return data;
    }

    public static TheoryData<ReferralActionType> AllActions() => new(Actions);

    [Theory]
    [MemberData(nameof(LegalTransitions))]
    public void Legal_transition_by_the_right_party_moves_to_the_next_status(ReferralStatus from, ReferralActionType action, ReferralStatus to)
    {
        var actor = RightActor(action);
        Assert.Equal(to, ReferralLifecycle.Next(from, action, actor == Actor.Referrer, actor == Actor.Receiver));
    }

    [Fact]
    public void Illegal_pairs_cover_every_status_and_action_outside_the_legal_table()
    {
        // Guards the theory below: a new status or action must not slip past it unnoticed.
        var statuses = Enum.GetValues<ReferralStatus>().Length;
        Assert.Equal(statuses * Actions.Length - Legal.Length, IllegalPairs().Count);
    }

    [Theory]
    [MemberData(nameof(IllegalPairs))]
    public void Illegal_pair_is_refused_as_an_illegal_transition_even_for_the_right_party(ReferralStatus status, ReferralActionType action)
    {
        var actor = RightActor(action);
        var error = AssertDomain.Throws(DomainErrorKind.FailedPrecondition, Reasons.IllegalTransition,
            () => ReferralLifecycle.Next(status, action, actor == Actor.Referrer, actor == Actor.Receiver));
        Assert.Contains(ReferralLifecycle.Describe(status), error.Message);
    }

    [Theory]
    [MemberData(nameof(AllActions))]
    public void Wrong_role_is_denied_even_when_the_state_allows_the_action(ReferralActionType action)
    {
        var from = Legal.First(t => t.Action == action).From;
        var wrong = RightActor(action) == Actor.Referrer ? Actor.Receiver : Actor.Referrer;
        AssertDomain.Throws(DomainErrorKind.PermissionDenied, Reasons.WrongRole,
            () => ReferralLifecycle.Next(from, action, wrong == Actor.Referrer, wrong == Actor.Receiver));
    }

    [Theory]
    [MemberData(nameof(AllActions))]
    public void Non_party_learns_only_that_the_referral_is_not_found(ReferralActionType action)
    {
        var from = Legal.First(t => t.Action == action).From;
        AssertDomain.Throws(DomainErrorKind.NotFound, "NOT_FOUND",
            () => ReferralLifecycle.Next(from, action, actorIsReferrer: false, actorIsReceiver: false));
    }

    [Fact]
    public void Unspecified_action_is_an_invalid_argument()
    {
        var error = AssertDomain.Throws(DomainErrorKind.InvalidArgument, "INVALID_ARGUMENT",
            () => ReferralLifecycle.Next(ReferralStatus.Proposed, ReferralActionType.Unspecified, true, false));
        Assert.Equal("action", Assert.Single(error.Violations).Field);
    }

    [Fact]
    public void Unanswered_proposal_lapses_at_its_expire_time()
    {
        var expire = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        Assert.Equal(ReferralStatus.Proposed, ReferralLifecycle.Effective(ReferralStatus.Proposed, expire, expire.AddTicks(-1)));
        Assert.Equal(ReferralStatus.Expired, ReferralLifecycle.Effective(ReferralStatus.Proposed, expire, expire));
        Assert.Equal(ReferralStatus.Expired, ReferralLifecycle.Effective(ReferralStatus.Proposed, expire, expire.AddDays(3)));
    }

    [Theory]
    [InlineData(ReferralStatus.Accepted)]
    [InlineData(ReferralStatus.InProgress)]
    [InlineData(ReferralStatus.Won)]
    [InlineData(ReferralStatus.Declined)]
    public void Answered_referral_does_not_expire(ReferralStatus stored)
    {
        var expire = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        Assert.Equal(stored, ReferralLifecycle.Effective(stored, expire, expire.AddDays(30)));
    }

    [Theory]
    [InlineData(ReferralStatus.Unspecified, false)]
    [InlineData(ReferralStatus.Proposed, false)]
    [InlineData(ReferralStatus.Accepted, false)]
    [InlineData(ReferralStatus.InProgress, false)]
    [InlineData(ReferralStatus.Declined, true)]
    [InlineData(ReferralStatus.Cancelled, true)]
    [InlineData(ReferralStatus.Expired, true)]
    [InlineData(ReferralStatus.Won, true)]
    [InlineData(ReferralStatus.Lost, true)]
    public void Terminal_states_are_exactly_the_ends_of_the_lifecycle(ReferralStatus status, bool terminal)
    {
        Assert.Equal(terminal, ReferralLifecycle.IsTerminal(status));
    }

    [Fact]
    public void No_action_leads_out_of_a_terminal_state()
    {
        Assert.All(Legal, t => Assert.False(ReferralLifecycle.IsTerminal(t.From)));
    }

    [Fact]
    public void Every_status_after_unspecified_has_its_own_timeline_event()
    {
        var statuses = Enum.GetValues<ReferralStatus>().Where(s => s != ReferralStatus.Unspecified).ToList();
        var events = statuses.Select(ReferralLifecycle.EventFor).ToList();
        Assert.DoesNotContain(ReferralEventType.Unspecified, events);
        Assert.Equal(statuses.Count, events.Distinct().Count());
        Assert.Equal(ReferralEventType.Created, ReferralLifecycle.EventFor(ReferralStatus.Proposed));
    }
}
