namespace Viidakko;

/// <summary>One lifecycle action with its data.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ReferralAction")]
public sealed record ReferralAction(
    ReferralActionType Type,
    string Note,
    DeclineReason DeclineReason,
    LostReason LostReason,
    long WonValueCents,
    int ContractMonths,
    RequestTag? Request);
