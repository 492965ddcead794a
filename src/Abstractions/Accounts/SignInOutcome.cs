namespace Viidakko;

/// <summary>How a sign-in ended.</summary>
[GenerateSerializer, Alias("viidakko.SignInOutcome")]
public enum SignInOutcome
{
    /// <summary>Signed in: the session is stored.</summary>
    SignedIn = 0,
    /// <summary>Unknown e-mail address, no password set yet, or a wrong password (the caller is not told which).</summary>
    WrongCredentials = 1,
    /// <summary>Too many wrong passwords: the account is locked until <see cref="SignInResult.LockedUntil"/>.</summary>
    LockedOut = 2,
}
