namespace Viidakko;

/// <summary>The answer to a sign-in: the session on success, the end of the lock when locked out.</summary>
[GenerateSerializer, Alias("viidakko.SignInResult")]
public sealed record SignInResult(
    [property: Id(0)] SignInOutcome Outcome,
    [property: Id(1)] AccountSession? Session,
    [property: Id(2)] DateTime? LockedUntil);
