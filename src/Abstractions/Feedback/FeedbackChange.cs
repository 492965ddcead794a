namespace Viidakko;

/// <summary>
/// What a referral grain answers the firm that rated it: the stored rating, and what that firm's
/// grain keeps (the referral's summary and all its feedback, sealed or not), as
/// <see cref="ReferralChange"/> does for lifecycle actions.
/// </summary>
[GenerateSerializer, Immutable, Alias("viidakko.FeedbackChange")]
public sealed record FeedbackChange(FeedbackRecord Record, ReferralSummary Summary, IReadOnlyList<FeedbackRecord> Feedback);
