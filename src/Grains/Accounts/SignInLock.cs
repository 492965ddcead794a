namespace Viidakko.Grains;

/// <summary>Wrong passwords in a row, and until when the account is locked (null: not locked).</summary>
[GenerateSerializer, Alias("viidakko.SignInLock")]
public sealed record SignInLock([property: Id(0)] int Failures, [property: Id(1)] DateTime? LockedUntil)
{
    /// <summary>No failures, not locked.</summary>
    public static readonly SignInLock Open = new(0, null);
}
