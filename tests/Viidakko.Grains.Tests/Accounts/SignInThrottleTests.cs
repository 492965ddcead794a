using Viidakko.Grains;

namespace Viidakko.Grains.Tests.Accounts;

public sealed class SignInThrottleTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Four_wrong_passwords_count_and_the_fifth_locks_for_fifteen_minutes()
    {
        var state = SignInLock.Open;
        for (var i = 1; i < SignInThrottle.MaxFailures; i++)
        {
            state = SignInThrottle.AfterFailure(state, Now);
            Assert.Equal(i, state.Failures);
            Assert.Null(SignInThrottle.LockedUntil(state, Now));
        }

        state = SignInThrottle.AfterFailure(state, Now);
        Assert.Equal(Now + SignInThrottle.LockTime, SignInThrottle.LockedUntil(state, Now));
        Assert.Equal(Now + SignInThrottle.LockTime, SignInThrottle.LockedUntil(state, Now.AddMinutes(14)));
        Assert.Null(SignInThrottle.LockedUntil(state, Now.AddMinutes(15)));
    }

    [Fact]
    public void After_a_lock_has_passed_the_count_starts_again_and_a_right_password_clears_it()
    {
        var locked = new SignInLock(0, Now);
        var after = SignInThrottle.AfterFailure(locked, Now.AddMinutes(1));
        Assert.Equal(new SignInLock(1, null), after);

        Assert.Equal(SignInLock.Open, SignInThrottle.AfterSuccess());
    }
}
