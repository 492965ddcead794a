namespace Viidakko;

/// <summary>Referral lifecycle.</summary>
[GenerateSerializer, Alias("viidakko.ReferralStatus")]
public enum ReferralStatus { Unspecified = 0, Proposed = 1, Accepted = 2, Declined = 3, Cancelled = 4, Expired = 5, InProgress = 6, Won = 7, Lost = 8 }
