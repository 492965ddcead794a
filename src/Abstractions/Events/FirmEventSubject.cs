namespace Viidakko;

/// <summary>The kind of resource an event is about.</summary>
[GenerateSerializer, Alias("viidakko.FirmEventSubject")]
public enum FirmEventSubject { Unspecified = 0, Referral = 1, Partnership = 2, Firm = 3 }
