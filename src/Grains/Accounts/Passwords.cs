using Microsoft.AspNetCore.Identity;

namespace Viidakko.Grains;

/// <summary>
/// Password hashing with ASP.NET Core Identity's hasher (PBKDF2 with HMAC-SHA512, a random salt per
/// password, 100,000 iterations, the format versioned so stronger settings can come later).
/// </summary>
public static class Passwords
{
    private static readonly PasswordHasher<AccountState> Hasher = new();

    /// <summary>A hash of a checked, valid password, run off the grain's scheduler (it takes tens of milliseconds on purpose).</summary>
    public static Task<string> HashAsync(string password) =>
        Task.Run(() => Hasher.HashPassword(null!, password));

    /// <summary>
    /// Whether <paramref name="password"/> matches <paramref name="hash"/>; with no hash (unknown
    /// account, no password set) the same work is done against a dummy, so timing does not tell.
    /// </summary>
    public static Task<bool> VerifyAsync(string? hash, string password) =>
        Task.Run(() => Hasher.VerifyHashedPassword(null!, hash ?? Dummy.Value, password) != PasswordVerificationResult.Failed && hash is not null);

    private static readonly Lazy<string> Dummy = new(() => Hasher.HashPassword(null!, Guid.NewGuid().ToString()));
}
