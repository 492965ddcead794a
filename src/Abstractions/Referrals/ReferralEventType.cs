namespace Viidakko;

/// <summary>Timeline event types.</summary>
[GenerateSerializer, Alias("viidakko.ReferralEventType")]
public enum ReferralEventType { Unspecified = 0, Created = 1, Accepted = 2, Declined = 3, Cancelled = 4, Expired = 5, Started = 6, Won = 7, Lost = 8, NeedReturned = 9, FeePaid = 10, FeedbackGiven = 11, DeadlineWarning = 12, FirstContactWarning = 13, FirstContactMissed = 14 }
