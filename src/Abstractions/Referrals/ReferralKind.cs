namespace Viidakko;

/// <summary>Referral (the referrer stays the client's contact) or introduction (the referrer steps aside).</summary>
[GenerateSerializer, Alias("viidakko.ReferralKind")]
public enum ReferralKind { Unspecified = 0, Referral = 1, Introduction = 2 }
