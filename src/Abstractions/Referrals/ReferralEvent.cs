namespace Viidakko;

/// <summary>
/// One timeline entry: who did what, when. <see cref="ActorPerson"/> is the person signed in to the
/// web app who acted (their display name), empty for an API key's call and for the hub.
/// </summary>
[GenerateSerializer, Immutable, Alias("viidakko.ReferralEvent")]
public sealed record ReferralEvent(DateTime Time, string ActorFirmId, ReferralEventType Type, ReferralStatus StatusAfter, string Note, string ActorPerson = "");
