namespace Viidakko;

/// <summary>Which side of a referral a firm is on.</summary>
[GenerateSerializer, Alias("viidakko.ReferralRole")]
public enum ReferralRole { Unspecified = 0, Sent = 1, Received = 2 }
