namespace Viidakko;

/// <summary>What happened, in one firm's event feed.</summary>
[GenerateSerializer, Alias("viidakko.FirmEventType")]
public enum FirmEventType
{
    Unspecified = 0,
    ReferralSent = 1,
    ReferralReceived = 2,
    ReferralAccepted = 3,
    ReferralDeclined = 4,
    ReferralCancelled = 5,
    ReferralExpired = 6,
    ReferralStarted = 7,
    ReferralWon = 8,
    ReferralLost = 9,
    ReferralNeedReturned = 10,
    ReferralFeeDue = 11,
    ReferralFeePaid = 12,
    PartnershipProposed = 13,
    PartnershipAccepted = 14,
    PartnershipDeclined = 15,
    PartnershipEnded = 16,
    FirmSuspended = 17,
    FirmReinstated = 18,
    ApiKeyRotated = 19,
    ReferralDeadlineWarning = 20,
    ReferralFirstContactWarning = 21,
    ReferralFirstContactMissed = 22,
    ReferralRerouted = 23,
    ReferralRerouteExhausted = 24,
    FeedbackUnsealed = 25,
}
