namespace Viidakko;

/// <summary>One side's feedback on one referral, as stored.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.FeedbackRecord")]
public sealed record FeedbackRecord(
    string ReferralId,
    string RaterFirmId,
    string RateeFirmId,
    FeedbackInput Input,
    DateTime CreateTime,
    DateTime UnsealTime)
{
    /// <summary>The overall score: the mean of the four firm criteria.</summary>
    public double Overall => (Input.Communication + Input.QualityOfWork + Input.MarketingMind + Input.WorkAgain) / 4.0;

    /// <summary>True once the rated side may see it.</summary>
    public bool IsUnsealed(DateTime now) => now >= UnsealTime;
}
