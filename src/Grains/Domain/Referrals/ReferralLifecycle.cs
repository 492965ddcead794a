namespace Viidakko.Grains.Domain;

/// <summary>Who may move a referral from which state to which.</summary>
public static class ReferralLifecycle
{
    /// <summary>States from which nothing else can happen.</summary>
    public static bool IsTerminal(ReferralStatus status) => status is
        ReferralStatus.Declined or ReferralStatus.Cancelled or ReferralStatus.Expired or ReferralStatus.Won or ReferralStatus.Lost;

    /// <summary>The status a stored referral effectively has at <paramref name="now"/> (an unanswered proposal lapses).</summary>
    public static ReferralStatus Effective(ReferralStatus stored, DateTime expireTime, DateTime now) =>
        stored == ReferralStatus.Proposed && now >= expireTime ? ReferralStatus.Expired : stored;

    /// <summary>
    /// The state after <paramref name="action"/>, or a <see cref="DomainException"/>: PERMISSION_DENIED
    /// when the actor has the wrong role, FAILED_PRECONDITION (ILLEGAL_TRANSITION) when the state forbids it.
    /// </summary>
    public static ReferralStatus Next(ReferralStatus current, ReferralActionType action, bool actorIsReferrer, bool actorIsReceiver)
    {
        if (!actorIsReferrer && !actorIsReceiver)
        {
            throw DomainException.NotFound("Referral");
        }

        var (from, to, receiverActs) = action switch
        {
            ReferralActionType.Accept => (ReferralStatus.Proposed, ReferralStatus.Accepted, true),
            ReferralActionType.Decline => (ReferralStatus.Proposed, ReferralStatus.Declined, true),
            ReferralActionType.Cancel => (ReferralStatus.Proposed, ReferralStatus.Cancelled, false),
            ReferralActionType.Start => (ReferralStatus.Accepted, ReferralStatus.InProgress, true),
            ReferralActionType.Win => (ReferralStatus.InProgress, ReferralStatus.Won, true),
            ReferralActionType.Lose => (ReferralStatus.InProgress, ReferralStatus.Lost, true),
            _ => throw DomainException.Invalid("action", "unknown referral action"),
        };

        var allowedActor = receiverActs ? actorIsReceiver : actorIsReferrer;
        if (!allowedActor)
        {
            var who = receiverActs ? "receiver" : "referrer";
            throw DomainException.Denied(Reasons.WrongRole, $"Only the {who} can {Verb(action)} a referral.");
        }

        if (current != from)
        {
            throw DomainException.Precondition(
                Reasons.IllegalTransition,
                $"Cannot {Verb(action)} a referral that is {Describe(current)}; it must be {Describe(from)}.");
        }

        return to;
    }

    /// <summary>Only the receiver of an accepted (or later) referral hands out-of-scope work back to its custodian.</summary>
    public static void EnsureCanReturnNeed(ReferralView original, string firmId)
    {
        if (original.ReceiverFirmId != firmId)
        {
            throw DomainException.Denied(Reasons.WrongRole, "Only the receiver of a referral can return a need to its custodian.");
        }

        if (original.Status is not (ReferralStatus.Accepted or ReferralStatus.InProgress or ReferralStatus.Won or ReferralStatus.Lost))
        {
            throw DomainException.Precondition(Reasons.IllegalTransition,
                $"A need can be returned only from an accepted referral; this one is {Describe(original.Status)}.");
        }
    }

    /// <summary>
    /// Whether a receiver that already had the client has told the referrer: by declining with
    /// <see cref="DeclineReason.AlreadyOurClient"/>, or by accepting it (an accepted referral of its
    /// own client shows the referrer that no fee is due on it).
    /// </summary>
    public static bool OwnClientDisclosed(ReferralStatus status, DeclineReason declineReason) =>
        declineReason == DeclineReason.AlreadyOurClient
        || status is ReferralStatus.Accepted or ReferralStatus.InProgress or ReferralStatus.Won or ReferralStatus.Lost;

    /// <summary>
    /// Whether a referral counts in <paramref name="firmId"/>'s reciprocity (ledger, totals, matching):
    /// a referral of the receiver's own client was no referral given, for the receiver at once and
    /// for the referrer once it was told.
    /// </summary>
    public static bool Counts(ReferralSummary r, string firmId) =>
        !r.ReceiversOwnClient || (firmId != r.ReceiverFirmId && !r.OwnClientDisclosed);

    /// <summary>The timeline event that records a move into <paramref name="status"/>.</summary>
    public static ReferralEventType EventFor(ReferralStatus status) => status switch
    {
        ReferralStatus.Proposed => ReferralEventType.Created,
        ReferralStatus.Accepted => ReferralEventType.Accepted,
        ReferralStatus.Declined => ReferralEventType.Declined,
        ReferralStatus.Cancelled => ReferralEventType.Cancelled,
        ReferralStatus.Expired => ReferralEventType.Expired,
        ReferralStatus.InProgress => ReferralEventType.Started,
        ReferralStatus.Won => ReferralEventType.Won,
        ReferralStatus.Lost => ReferralEventType.Lost,
        _ => ReferralEventType.Unspecified,
    };

    private static string Verb(ReferralActionType action) => action switch
    {
        ReferralActionType.Accept => "accept",
        ReferralActionType.Decline => "decline",
        ReferralActionType.Cancel => "cancel",
        ReferralActionType.Start => "start",
        ReferralActionType.Win => "mark as won",
        ReferralActionType.Lose => "mark as lost",
        _ => "change",
    };

    /// <summary>The proto-style name of a status, for messages.</summary>
    public static string Describe(ReferralStatus status) => status switch
    {
        ReferralStatus.Proposed => "PROPOSED",
        ReferralStatus.Accepted => "ACCEPTED",
        ReferralStatus.Declined => "DECLINED",
        ReferralStatus.Cancelled => "CANCELLED",
        ReferralStatus.Expired => "EXPIRED",
        ReferralStatus.InProgress => "IN_PROGRESS",
        ReferralStatus.Won => "WON",
        ReferralStatus.Lost => "LOST",
        _ => "UNSPECIFIED",
    };
}
