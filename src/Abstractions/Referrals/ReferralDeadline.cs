namespace Viidakko;

/// <summary>The receiver's current deadline on a referral.</summary>
/// <param name="Kind">What is due.</param>
/// <param name="DueTime">When it is due.</param>
/// <param name="WarningTime">When both firms are warned that it is near.</param>
/// <param name="Warned">The warning was given.</param>
[GenerateSerializer, Immutable, Alias("viidakko.ReferralDeadline")]
public sealed record ReferralDeadline(DeadlineKind Kind, DateTime DueTime, DateTime WarningTime, bool Warned = false);
