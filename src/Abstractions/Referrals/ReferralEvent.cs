namespace Viidakko;

/// <summary>One timeline entry: who did what, when.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ReferralEvent")]
public sealed record ReferralEvent(DateTime Time, string ActorFirmId, ReferralEventType Type, ReferralStatus StatusAfter, string Note);
