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

    /// <summary>Checks a presented key's hash in constant time.</summary>
    public FirmAuthResult Authenticate(string apiKeyHash) =>
        !state.Exists || state.ApiKeyHash.Length == 0
        || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(state.ApiKeyHash), Encoding.ASCII.GetBytes(apiKeyHash))
            ? FirmAuthResult.Unknown
            : state.Suspended ? FirmAuthResult.Suspended : FirmAuthResult.Ok;
}
