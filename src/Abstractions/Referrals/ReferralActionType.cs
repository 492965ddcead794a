namespace Viidakko;

/// <summary>Actions on a referral after creation.</summary>
[GenerateSerializer, Alias("viidakko.ReferralActionType")]
public enum ReferralActionType { Unspecified = 0, Accept = 1, Decline = 2, Cancel = 3, Start = 4, Win = 5, Lose = 6 }
