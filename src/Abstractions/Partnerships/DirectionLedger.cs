namespace Viidakko;

/// <summary>Referrals in one direction between two partners.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.DirectionLedger")]
public sealed record DirectionLedger(
    int Referrals,
    int Introductions,
    int Accepted,
    int Won,
    long WonValueCents,
    long FeesDueCents,
    long FeesPaidCents,
    double? AverageReferralQuality,
    int ReferralQualityCount);
