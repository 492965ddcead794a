namespace Viidakko;

/// <summary>The receiver's rating of a referral's quality.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ReferralQualityRating")]
public sealed record ReferralQualityRating(int AsDisclosed, int WorthTheHassle);
