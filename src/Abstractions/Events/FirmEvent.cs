namespace Viidakko;

/// <summary>
/// One entry of a firm's event feed: what happened to which resource, who did it, the state it
/// left, and when. <paramref name="Position"/> is the firm's own sequence number (1, 2, 3, ... with
/// no gaps), stored in the same write as the change it describes.
/// </summary>
/// <param name="SubjectId">The referral id, the partner firm's id, or this firm's id.</param>
/// <param name="ActorFirmId">The firm that acted; <see cref="FirmEvent.Hub"/> for the hub's own acts (an expiry), <see cref="FirmEvent.Operator"/> for the network operator's.</param>
/// <param name="State">The subject's state after the change (e.g. <c>ACCEPTED</c>), as the API names it.</param>
/// <param name="Reason">A decline or loss reason, when there is one (as the API names it).</param>
/// <param name="Kind">For referral events: a referral or an introduction.</param>
[GenerateSerializer, Immutable, Alias("viidakko.FirmEvent")]
public sealed record FirmEvent(
    long Position,
    DateTime Time,
    FirmEventType Type,
    FirmEventSubject Subject,
    string SubjectId,
    string ActorFirmId,
    string State,
    string Reason = "",
    ReferralKind Kind = ReferralKind.Unspecified,
    long AmountCents = 0)
{
    /// <summary>The actor of what the hub does by itself (a deadline passing).</summary>
    public const string Hub = "";

    /// <summary>The actor of what the network operator does.</summary>
    public const string Operator = "@operator";
}
