using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>
/// How a firm takes in a referral's change (and its feedback), told by the referral grain or, for the
/// firm's own actions, read from the referral's answer: the index of referrals, the feedback ledger,
/// the event feed (one event per step the firm has not seen) and the firm's facts in the match index.
/// </summary>
internal sealed class FirmLearner(
    string firmId, ReferralIndex referrals, FeedbackLedger feedback, FirmFeed feed, FirmIndexPublisher index, FirmDeadlines deadlines,
    StateWriter<FirmState> writer, TimeProvider clock, ISet<string> sealedFeedback)
{
    /// <summary>Where a declined or expired need that asked for re-routing is noted (set once the firm's parts are made).</summary>
    public FirmRerouting? Rerouting { get; set; }

    /// <summary>A change the referral grain told this firm of: taken in and stored (a proposal received starts or moves up the deadline timer).</summary>
    public async Task LearnAndSaveAsync(ReferralSummary summary, IReadOnlyList<FeedbackRecord>? ratings)
    {
        if (Learn(summary, ratings))
        {
            deadlines.EnsureScheduled();
            await writer.WriteAsync();
            Rerouting?.Kick();
        }
    }

    /// <summary>
    /// The firm's own action's change, read from the referral's answer: taken in (an acceptance starts
    /// the first-contact deadline on the timer); true when the state changed and must be written.
    /// </summary>
    public Task<bool> LearnOwnAsync(ReferralSummary summary, IReadOnlyList<FeedbackRecord>? ratings = null)
    {
        if (!Learn(summary, ratings))
        {
            return Task.FromResult(false);
        }

        deadlines.EnsureScheduled();
        return Task.FromResult(true);
    }

    /// <summary>Takes in the change; true when the state changed and must be written.</summary>
    public bool Learn(ReferralSummary summary, IReadOnlyList<FeedbackRecord>? ratings = null)
    {
        var unsealed = ratings is null ? []
            : FeedbackUnseals.Learned(firmId, ratings, key => feedback.Find(key) is not null, sealedFeedback, clock.GetUtcNow().UtcDateTime);
        var changed = LearnReferral(summary) | (ratings is not null && feedback.Apply(summary, ratings));
        feed.Append(unsealed);
        changed |= unsealed.Count > 0;
        if (changed)
        {
            index.Schedule();
            if (ratings is not null)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                index.ScheduleUnseal(feedback.NextUnseal(now), now);
            }
        }

        return changed;
    }

    /// <summary>Takes a newer summary into the index, and its steps this firm has not seen into the feed.</summary>
    public bool LearnReferral(ReferralSummary summary)
    {
        var known = referrals.Find(summary.ReferralId);
        if (!referrals.Apply(summary))
        {
            return false;
        }

        feed.Append(FirmEventRules.ForReferral(firmId, known, summary));
        Rerouting?.Note(known, summary);
        return true;
    }
}
