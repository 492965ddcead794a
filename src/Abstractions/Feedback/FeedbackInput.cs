namespace Viidakko;

/// <summary>What a firm submits about the other party of a referral.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.FeedbackInput")]
public sealed record FeedbackInput(
    int Communication,
    int QualityOfWork,
    int MarketingMind,
    int WorkAgain,
    string Comment,
    ReferralQualityRating? ReferralQuality,
    IReadOnlyList<PersonRating> PersonRatings,
    string? RequestId);
