using Microsoft.Extensions.Logging;
using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

// A referral is created by its referrer's firm grain: activating it there saves a network hop on the
// create, the busiest path (it still moves like any grain when that silo goes).
[GrainType("referral"), Orleans.Placement.PreferLocalPlacement]
internal sealed class ReferralGrain(
    [PersistentState("referral", GrainStorage.Name)] IPersistentState<ReferralState> state,
    TimeProvider clock,
    ILogger<ReferralGrain> logger) : Grain, IReferralGrain, IRemindable, IMayBeAbsent
{
    /// <summary>The reminder that tells both parties again when telling one of them failed after a change was stored.</summary>
    internal const string TellPartiesReminder = "tell-parties";

    bool IMayBeAbsent.IsAbsent => !S.Exists;

    private StateWriter<ReferralState>? _writer;

    private StateWriter<ReferralState> Writer => _writer ??= new(state, DeactivateOnIdle);
    private ReferralState S => state.State;
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<ReferralView> CreateAsync(ReferralDraft draft, CancellationToken cancellationToken = default)
    {
        if (S.Exists)
        {
            if (S.Draft!.RequestFingerprint == draft.RequestFingerprint && S.Draft.ReferrerFirmId == draft.ReferrerFirmId)
            {
                // The first attempt may have stored the referral and then failed to reach the receiver;
                // telling it again (idempotent by version) lets the retry finish what that one began.
                await TellOtherPartyAsync(draft.ReferrerFirmId, cancellationToken);
                return View(draft.ReferrerFirmId);
            }

            throw DomainException.RequestIdReused("referral");
        }

        // A client the receiver already had is settled without telling the referrer: the receiver is
        // told, no fee is due, and the receiver decides whether to say so. A returned need goes back
        // to the client's own custodian by design.
        var receiversOwn = draft.ReturnedFromReferralId is null
            && await GrainFactory.GetGrain<IFirmGrain>(ResourceIds.FirmKey(draft.NetworkId, draft.ReceiverFirmId))
                .HoldsClientAsync(draft.Client.NormalizedIdentity, cancellationToken);
        var now = Now;
        S.Exists = true;
        S.ReceiversOwnClient = receiversOwn;
        S.Draft = draft;
        S.Status = ReferralStatus.Proposed;
        S.CreateTime = S.UpdateTime = now;
        S.Version = 1;
        var type = draft.ReturnedFromReferralId is null ? ReferralEventType.Created : ReferralEventType.NeedReturned;
        S.Timeline.Add(new ReferralEvent(now, draft.ReferrerFirmId, type, ReferralStatus.Proposed, draft.Note, ActingPerson.Current));
        await Writer.WriteAsync();

        // The receiver learns of the referral (and its custody block) before the referrer is answered.
        await TellOtherPartyAsync(draft.ReferrerFirmId, cancellationToken);
        return View(draft.ReferrerFirmId);
    }

    public async Task<ReferralView> GetAsync(string viewerFirmId, CancellationToken cancellationToken = default)
    {
        EnsureParty(viewerFirmId);
        await ExpireIfDueAsync(cancellationToken);
        return View(viewerFirmId);
    }

    public async Task<ReferralChange> ApplyAsync(string actorFirmId, ReferralAction action, CancellationToken cancellationToken = default)
    {
        EnsureParty(actorFirmId);
        await ExpireIfDueAsync(cancellationToken);
        if (IsRetry(actorFirmId, action.Request))
        {
            // As for a retried create: the first attempt may have failed after persisting.
            await TellOtherPartyAsync(actorFirmId, cancellationToken);
            return Change(actorFirmId);
        }

        var d = S.Draft!;
        var next = ReferralLifecycle.Next(S.Status, action.Type, actorFirmId == d.ReferrerFirmId, actorFirmId == d.ReceiverFirmId);
        var now = Now;

        switch (next)
        {
            case ReferralStatus.Accepted when d.Kind == ReferralKind.Introduction:
                // The referrer steps aside: the receiver gets the client's contact details from now on.
                S.RevealedContact = await GrainFactory
                    .GetGrain<IClientGrain>(ResourceIds.ClientKey(d.NetworkId, d.CustodianFirmId, d.Client.ClientId))
                    .GetContactAsync(cancellationToken);
                break;
            case ReferralStatus.Declined:
                S.DeclineReason = action.DeclineReason;
                break;
            case ReferralStatus.Won:
                S.WonValueCents = action.WonValueCents;
                S.ContractMonths = Math.Max(1, action.ContractMonths);
                S.FeeDueCents = S.ReceiversOwnClient ? 0 : FeeCalculator.FeeDueCents(d.Terms, action.WonValueCents, S.ContractMonths);
                break;
            case ReferralStatus.Lost:
                S.LostReason = action.LostReason;
                break;
        }

        if (next == ReferralStatus.Accepted)
        {
            ReferralDeadlineSteps.OnAccepted(S, now);
        }

        MoveTo(next, actorFirmId, action.Note, now);
        RememberRequest(actorFirmId, action.Request);
        await Writer.WriteAsync();
        await TellOtherPartyAsync(actorFirmId, cancellationToken);
        return Change(actorFirmId);
    }

    public async Task<ReferralChange> MarkFeePaidAsync(string actorFirmId, string note, RequestTag? request, CancellationToken cancellationToken = default)
    {
        EnsureParty(actorFirmId);
        if (IsRetry(actorFirmId, request))
        {
            await TellOtherPartyAsync(actorFirmId, cancellationToken);
            return Change(actorFirmId);
        }

        if (S.Status != ReferralStatus.Won || S.FeeDueCents == 0)
        {
            throw DomainException.Precondition(Reasons.IllegalTransition, "Only a won referral with a fee due has a fee to pay.");
        }

        if (S.FeePaidCents >= S.FeeDueCents)
        {
            throw DomainException.Precondition(Reasons.FeeAlreadyPaid, "The fee is already marked as paid.");
        }

        S.FeePaidCents = S.FeeDueCents;
        S.Version++;
        S.UpdateTime = Now;
        S.Timeline.Add(new ReferralEvent(S.UpdateTime, actorFirmId, ReferralEventType.FeePaid, S.Status, note, ActingPerson.Current));
        RememberRequest(actorFirmId, request);
        await Writer.WriteAsync();
        await TellOtherPartyAsync(actorFirmId, cancellationToken);
        return Change(actorFirmId);
    }

    public async Task<FeedbackChange> SubmitFeedbackAsync(string raterFirmId, FeedbackInput input, IReadOnlyList<string> raterPeople, RequestTag? request, CancellationToken cancellationToken = default)
    {
        EnsureParty(raterFirmId);
        var d = S.Draft!;
        var mine = S.Feedback.FirstOrDefault(f => f.RaterFirmId == raterFirmId);
        if (mine is not null)
        {
            if (request is not null && mine.Input.RequestId == request.Id)
            {
                await TellOtherPartyAsync(raterFirmId, cancellationToken);
                return FeedbackChange(mine);
            }

            throw new DomainException(DomainErrorKind.AlreadyExists, Reasons.FeedbackExists, "You have already rated this referral.");
        }

        if (S.Status is not (ReferralStatus.Won or ReferralStatus.Lost))
        {
            throw DomainException.Precondition(Reasons.IllegalTransition,
                $"Feedback is given once a referral is WON or LOST; this one is {ReferralLifecycle.Describe(S.Status)}.");
        }

        var isReceiver = raterFirmId == d.ReceiverFirmId;
        if (isReceiver && input.ReferralQuality is null)
        {
            throw DomainException.Invalid("feedback.referral_quality", "is required from the receiver");
        }

        if (!isReceiver && input.ReferralQuality is not null)
        {
            throw DomainException.Invalid("feedback.referral_quality", "is given by the receiver only");
        }

        if (input.PersonRatings.Count > 0)
        {
            await EnsurePeopleAsync(input.PersonRatings, raterPeople, isReceiver ? d.ReferrerFirmId : d.ReceiverFirmId, cancellationToken);
        }

        var now = Now;
        var other = S.Feedback.FirstOrDefault(f => f.RaterFirmId != raterFirmId);
        var record = new FeedbackRecord(d.ReferralId, raterFirmId, isReceiver ? d.ReferrerFirmId : d.ReceiverFirmId, input, now,
            Ratings.UnsealTime(now, other?.CreateTime));
        if (other is not null)
        {
            // Both sides have rated: both ratings are revealed now.
            S.Feedback.Remove(other);
            S.Feedback.Add(other with { UnsealTime = Ratings.UnsealTime(other.CreateTime, now) });
        }

        S.Feedback.Add(record);
        S.Version++;
        S.UpdateTime = now;
        S.Timeline.Add(new ReferralEvent(now, raterFirmId, ReferralEventType.FeedbackGiven, S.Status, "", ActingPerson.Current));
        await Writer.WriteAsync();

        // The receiver's firm reads the referrer's rating of a won referral as the client side vouching
        // for the win: evidence of its skill.
        await TellOtherPartyAsync(raterFirmId, cancellationToken);
        return FeedbackChange(record);
    }

    public Task<ReferralFeedback> GetFeedbackAsync(string viewerFirmId, CancellationToken cancellationToken = default)
    {
        EnsureParty(viewerFirmId);
        var now = Now;
        var visible = S.Feedback.Where(f => f.RaterFirmId == viewerFirmId || f.IsUnsealed(now)).ToList();
        var otherSealed = S.Feedback.Any(f => f.RaterFirmId != viewerFirmId && !f.IsUnsealed(now));
        return Task.FromResult(new ReferralFeedback(visible, otherSealed));
    }

    /// <summary>
    /// Person-to-person chemistry only names real people: the rater's own (its firm grain, which
    /// waits for this answer, passes them in rather than being called back) and the other firm's.
    /// </summary>
    private async Task EnsurePeopleAsync(IReadOnlyList<PersonRating> ratings, IReadOnlyList<string> raterPeople, string rateeFirmId, CancellationToken cancellationToken)
    {
        // Match facts interleave: the other firm may itself be waiting on this referral.
        var facts = await Party(rateeFirmId).GetMatchFactsAsync(cancellationToken);
        var ours = raterPeople.ToHashSet(StringComparer.Ordinal);
        var theirs = facts.PublicView.Profile.People.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var violations = new List<FieldViolation>();
        for (var i = 0; i < ratings.Count; i++)
        {
            if (!ours.Contains(ratings[i].FromPerson))
            {
                violations.Add(new FieldViolation($"feedback.person_ratings[{i}].from_person",
                    $"must be one of your firm's people ({string.Join(", ", ours.Order(StringComparer.Ordinal))})"));
            }

            if (!theirs.Contains(ratings[i].ToPerson))
            {
                violations.Add(new FieldViolation($"feedback.person_ratings[{i}].to_person",
                    $"must be one of the other firm's people ({string.Join(", ", theirs.Order(StringComparer.Ordinal))})"));
            }
        }

        if (violations.Count > 0)
        {
            throw DomainException.InvalidFields(violations);
        }
    }

    private FeedbackChange FeedbackChange(FeedbackRecord record) => new(record, Summary(), S.Feedback.ToList());

    /// <summary>
    /// True when this firm already did this request (AIP-155). Request ids are the caller's own, so
    /// they are kept per firm: two firms may happen to pick the same one.
    /// </summary>
    private bool IsRetry(string actorFirmId, RequestTag? request) => RequestLog.IsRetry(S.ProcessedRequests, actorFirmId, request, Now);

    private void RememberRequest(string actorFirmId, RequestTag? request) => RequestLog.Remember(S.ProcessedRequests, actorFirmId, request, Now);

    /// <summary>An unanswered proposal lapses at its expire time; the first call after that records it.</summary>
    private async Task ExpireIfDueAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        if (ReferralLifecycle.Effective(S.Status, S.Draft!.ExpireTime, now) != ReferralStatus.Expired || S.Status == ReferralStatus.Expired)
        {
            return;
        }

        MoveTo(ReferralStatus.Expired, "", "No answer before the expire time.", S.Draft.ExpireTime);
        await Writer.WriteAsync();
        await TellOrRemindAsync(NotifyPartiesAsync(cancellationToken), cancellationToken);
    }

    private void MoveTo(ReferralStatus next, string actorFirmId, string note, DateTime time)
    {
        S.Status = next;
        S.Version++;
        S.UpdateTime = time;
        S.CustodyUntil = CustodyRules.WindowEnd(next, time, S.Draft!.Terms.NonSolicitMonths);
        S.Timeline.Add(new ReferralEvent(time, actorFirmId, ReferralLifecycle.EventFor(next), next, note, ActingPerson.Current));
    }

    /// <summary>Tells both parties (idempotent by version): only when no firm waits on this call.</summary>
    private Task NotifyPartiesAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Tell(S.Draft!.ReferrerFirmId, cancellationToken), Tell(S.Draft.ReceiverFirmId, cancellationToken));

    /// <summary>
    /// Tells one party the referral's state: once it has feedback, one call carries both the timeline
    /// version and the feedback (one write at the firm).
    /// </summary>
    private Task Tell(string firmId, CancellationToken cancellationToken) => S.Feedback.Count > 0
        ? Party(firmId).OnFeedbackChangedAsync(Summary(), S.Feedback.ToList(), cancellationToken)
        : Party(firmId).OnReferralChangedAsync(Summary(), cancellationToken);

    /// <summary>
    /// The party that did not act is told before the actor is answered; the actor learns from the
    /// answer (<see cref="ReferralChange"/>): a call back into the firm that waits for this answer
    /// could not reach it while that firm deactivates (a silo draining), and both would wait out the
    /// response timeout.
    /// </summary>
    private Task TellOtherPartyAsync(string actorFirmId, CancellationToken cancellationToken) =>
        TellOrRemindAsync(Tell(OtherParty(actorFirmId), cancellationToken), cancellationToken);

    /// <summary>
    /// The change is stored before the other party is told. When telling fails (its silo died, a
    /// timeout), a durable reminder tells both parties again until it succeeds, and the actor is
    /// answered: the change is safe, and the other party's list catches up within seconds instead of
    /// only when the actor's system retries. If even the reminder cannot be stored, the actor gets the
    /// error and its retry (same request id) tells the party again.
    /// </summary>
    private async Task TellOrRemindAsync(Task telling, CancellationToken cancellationToken)
    {
        try
        {
            await telling;
        }
        catch (Exception e) when (e is not DomainException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not tell the other party of referral {Referral} version {Version}; a reminder will", this.GetPrimaryKeyString(), S.Version);
            await this.RegisterOrUpdateReminder(TellPartiesReminder, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1));
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != TellPartiesReminder)
        {
            return;
        }

        if (S.Exists)
        {
            await NotifyPartiesAsync(CancellationToken.None);
        }

        if (await this.GetReminder(TellPartiesReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>
    /// The receiver's deadline timer woke: warns both firms (a timeline step) once a deadline's warning
    /// time has passed, expires an unanswered proposal at its expire time, and records a first contact
    /// missed at its deadline. Idempotent.
    /// </summary>
    public async Task CheckDeadlineAsync(CancellationToken cancellationToken = default)
    {
        if (!S.Exists)
        {
            return;
        }

        if (ReferralDeadlineSteps.Record(S, Now))
        {
            await Writer.WriteAsync();
            await TellOrRemindAsync(NotifyPartiesAsync(cancellationToken), cancellationToken);
        }

        await ExpireIfDueAsync(cancellationToken);
    }

    public async Task RecordRerouteAsync(string referrerFirmId, string nextReferralId, CancellationToken cancellationToken = default)
    {
        EnsureParty(referrerFirmId);
        if (referrerFirmId != S.Draft!.ReferrerFirmId || S.ReroutedTo == nextReferralId)
        {
            return;
        }

        S.ReroutedTo = nextReferralId;
        await Writer.WriteAsync();
    }

    private string OtherParty(string firmId) => firmId == S.Draft!.ReferrerFirmId ? S.Draft.ReceiverFirmId : S.Draft.ReferrerFirmId;

    private ReferralChange Change(string actorFirmId) => new(View(actorFirmId), Summary());

    private IFirmGrain Party(string firmId) => GrainFactory.GetGrain<IFirmGrain>(ResourceIds.FirmKey(S.Draft!.NetworkId, firmId));

    private void EnsureParty(string firmId)
    {
        // Non-parties learn nothing, not even that the referral exists.
        if (!S.Exists || (firmId != S.Draft!.ReferrerFirmId && firmId != S.Draft.ReceiverFirmId))
        {
            throw DomainException.NotFound("Referral");
        }
    }

    private ReferralSummary Summary() => ReferralViews.Summary(S);

    private ReferralView View(string viewerFirmId) => ReferralViews.View(S, viewerFirmId);
}
