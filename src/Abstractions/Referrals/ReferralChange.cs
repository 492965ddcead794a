namespace Viidakko;

/// <summary>
/// What a referral grain answers the party that changed it: that party's view, and the summary its
/// firm grain keeps. The acting firm learns of its own change from the answer, not from a call back
/// into it: a firm that waits for the answer could not take that call while it deactivates.
/// </summary>
[GenerateSerializer, Immutable, Alias("viidakko.ReferralChange")]
public sealed record ReferralChange(ReferralView View, ReferralSummary Summary);
