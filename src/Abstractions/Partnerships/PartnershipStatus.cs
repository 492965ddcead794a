namespace Viidakko;

/// <summary>Partnership lifecycle.</summary>
[GenerateSerializer, Alias("viidakko.PartnershipStatus")]
public enum PartnershipStatus { Unspecified = 0, Proposed = 1, Active = 2, Declined = 3, Ended = 4 }
