namespace Viidakko;

/// <summary>A page of ratings about a firm.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.FeedbackPage")]
public sealed record FeedbackPage(IReadOnlyList<FeedbackRecord> Feedback, int SealedCount, int? NextOffset);
