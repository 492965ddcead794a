namespace Viidakko;

/// <summary>Feedback on one referral as one party may see it.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ReferralFeedback")]
public sealed record ReferralFeedback(IReadOnlyList<FeedbackRecord> Visible, bool OtherSideSealed);
