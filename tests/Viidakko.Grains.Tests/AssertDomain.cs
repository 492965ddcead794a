namespace Viidakko.Grains.Tests;

/// <summary>Assertions on <see cref="DomainException"/>, the one error shape callers see.</summary>
internal static class AssertDomain
{
    public static DomainException Throws(DomainErrorKind kind, string reason, Action action)
    {
        var error = Assert.Throws<DomainException>(action);
        AssertKindAndReason(kind, reason, error);
        return error;
    }

    public static async Task<DomainException> ThrowsAsync(DomainErrorKind kind, string reason, Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<DomainException>(action);
        AssertKindAndReason(kind, reason, error);
        return error;
    }

    private static void AssertKindAndReason(DomainErrorKind kind, string reason, DomainException error)
    {
        // One message that names both, so a failure shows what actually came back.
        Assert.True(error.Kind == kind && error.Reason == reason,
            $"Expected {kind}/{reason}, got {error.Kind}/{error.Reason}: {error.Message}");
    }
}
