namespace Viidakko.Grains;

/// <summary>
/// The lockout rule: <see cref="MaxFailures"/> wrong passwords in a row lock the account for
/// <see cref="LockTime"/>; while locked no password is even checked (a right one neither), and the
/// count starts again once the lock has passed. A right password clears the count.
/// </summary>
public static class SignInThrottle
{
    /// <summary>Wrong passwords in a row that lock the account.</summary>
    public const int MaxFailures = 5;

    /// <summary>How long a lock lasts.</summary>
    public static readonly TimeSpan LockTime = TimeSpan.FromMinutes(15);

    /// <summary>The end of the lock when the account is locked at <paramref name="now"/>, else null.</summary>
    public static DateTime? LockedUntil(SignInLock current, DateTime now) =>
        current.LockedUntil is { } until && until > now ? until : null;

    /// <summary>The lock after a wrong password at <paramref name="now"/>.</summary>
    public static SignInLock AfterFailure(SignInLock current, DateTime now)
    {
        // A lock that has passed counts from zero again.
        var failures = (current.LockedUntil is { } until && until <= now ? 0 : current.Failures) + 1;
        return failures >= MaxFailures ? new SignInLock(0, now + LockTime) : new SignInLock(failures, null);
    }

    /// <summary>The lock after a right password.</summary>
    public static SignInLock AfterSuccess() => SignInLock.Open;
}
