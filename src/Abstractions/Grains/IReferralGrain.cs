using Orleans.Concurrency;

namespace Viidakko;

/// <summary>One referral or introduction shared by its two parties. Key: <c>network/referral</c>.</summary>
[Alias("viidakko.IReferralGrain")]
public interface IReferralGrain : IGrainWithStringKey
{
    [Alias("Create")] Task<ReferralView> CreateAsync(ReferralDraft draft, CancellationToken cancellationToken = default);
    [Alias("Get")] Task<ReferralView> GetAsync(string viewerFirmId, CancellationToken cancellationToken = default);
    /// <summary>Applies a lifecycle action as <paramref name="actorFirmId"/>; the other party is told, the actor learns from the answer.</summary>
    [Alias("Apply")] Task<ReferralChange> ApplyAsync(string actorFirmId, ReferralAction action, CancellationToken cancellationToken = default);
    /// <summary>Marks a won referral's fee as paid (either party; once).</summary>
    [Alias("MarkFeePaid")] Task<ReferralChange> MarkFeePaidAsync(string actorFirmId, string note, RequestTag? request = null, CancellationToken cancellationToken = default);
    /// <summary>Rates the other party of a WON or LOST referral; <paramref name="raterPeople"/> are the rater's own people, whom its person ratings may name.</summary>
    [Alias("SubmitFeedback")] Task<FeedbackChange> SubmitFeedbackAsync(string raterFirmId, FeedbackInput input, IReadOnlyList<string> raterPeople, RequestTag? request = null, CancellationToken cancellationToken = default);
    /// <summary>The feedback on this referral that <paramref name="viewerFirmId"/> may see.</summary>
    [Alias("GetFeedback")] Task<ReferralFeedback> GetFeedbackAsync(string viewerFirmId, CancellationToken cancellationToken = default);
    /// <summary>
    /// Called by the receiver's deadline timer: warns both firms once the warning time of an
    /// unanswered proposal has passed, and expires it at its expire time (each a timeline step both
    /// firms are told of). Does nothing to an answered referral; idempotent.
    /// </summary>
    [Alias("CheckDeadline")] Task CheckDeadlineAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The referrer's firm offered this declined or expired need on as <paramref name="nextReferralId"/>:
    /// remembered for the referrer's view only (the receiver that let it go never learns where it went). Idempotent.
    /// </summary>
    [Alias("RecordReroute")] Task RecordRerouteAsync(string referrerFirmId, string nextReferralId, CancellationToken cancellationToken = default);
}
