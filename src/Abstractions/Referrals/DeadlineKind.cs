namespace Viidakko;

/// <summary>What a referral's receiver must do by its deadline.</summary>
[GenerateSerializer, Alias("viidakko.DeadlineKind")]
public enum DeadlineKind
{
    Unspecified = 0,
    /// <summary>Accept or decline the proposal; at the deadline it expires.</summary>
    Answer = 1,
    /// <summary>Make first contact with the client (start the work) after accepting; at the deadline it is recorded as missed.</summary>
    FirstContact = 2,
}
