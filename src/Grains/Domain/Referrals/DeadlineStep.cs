namespace Viidakko.Grains.Domain;

/// <summary>What a referral's deadline asks for now.</summary>
public enum DeadlineStep
{
    /// <summary>Nothing yet.</summary>
    None,
    /// <summary>Warn both firms that the deadline is near.</summary>
    Warn,
    /// <summary>The deadline passed: an unanswered proposal expires, a missed first contact is recorded.</summary>
    Due,
}
