using System.Security.Cryptography;
using System.Text;

namespace Viidakko.Grains.Domain;

/// <summary>Whether a firm exists, may act, and holds the key it is presented with.</summary>
public sealed class FirmAccount(string firmId, FirmState state)
{
    /// <summary>NOT_FOUND unless the firm was registered.</summary>
    public void EnsureExists()
    {
        if (!state.Exists)
        {
            throw DomainException.NotFound($"Firm '{firmId}'");
        }
    }

    /// <summary>NOT_FOUND unless registered; FIRM_SUSPENDED while the operator has suspended it.</summary>
    public void EnsureActive()
    {
        EnsureExists();
        if (state.Suspended)
        {
            throw DomainException.Denied(Reasons.FirmSuspended, "This firm is suspended.");
        }
    }

    /// <summary>
    /// Checks a presented key's hash in constant time: the current key, or the one it replaced while
    /// that one's grace period lasts (<paramref name="now"/>; without a time, the current key only).
    /// </summary>
    public FirmAuthResult Authenticate(string apiKeyHash, DateTime? now = null) =>
        !state.Exists || !(Same(state.ApiKeyHash, apiKeyHash)
            || (now is { } t && state.PreviousKeyUntil is { } until && t < until && Same(state.PreviousApiKeyHash, apiKeyHash)))
            ? FirmAuthResult.Unknown
            : state.Suspended ? FirmAuthResult.Suspended : FirmAuthResult.Ok;

    /// <summary>
    /// A new key (its hash); the key it replaces keeps working for <paramref name="keepPreviousFor"/>
    /// (zero: it stops at once). A retry of the rotation replaces only the key the first attempt
    /// issued: the previous key, and its grace, stay the ones from before the rotation.
    /// </summary>
    public void Rotate(string apiKeyHash, TimeSpan keepPreviousFor, DateTime now, bool retry)
    {
        if (!retry)
        {
            var keep = keepPreviousFor > TimeSpan.Zero && state.ApiKeyHash.Length > 0;
            state.PreviousApiKeyHash = keep ? state.ApiKeyHash : null;
            state.PreviousKeyUntil = keep ? now + keepPreviousFor : null;
        }

        state.ApiKeyHash = apiKeyHash;
    }

    private static bool Same(string? stored, string presented) =>
        stored is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(presented));
}
