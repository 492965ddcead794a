namespace Viidakko.Gateway.Auth;

/// <summary>
/// Checks a firm's API key against its firm grain, trusting a recently verified key for the few
/// seconds of <see cref="FirmKeyCache"/>. Used when a call starts and again, at each heartbeat, by
/// calls that stay open (a watch), so a rotated key or a suspension also ends those.
/// </summary>
public sealed class FirmKeyVerifier(IClusterClient cluster, FirmKeyCache cache)
{
    /// <summary>Whether <paramref name="key"/> (already parsed as naming this firm) admits it now.</summary>
    public async Task<FirmAuthResult> VerifyAsync(string networkId, string firmId, string key, CancellationToken cancellationToken)
    {
        var hash = ApiKeys.Hash(key);
        if (cache.IsValid(hash))
        {
            return FirmAuthResult.Ok;
        }

        var result = await cluster.GetGrain<IFirmGrain>(ResourceIds.FirmKey(networkId, firmId)).AuthenticateAsync(hash, cancellationToken);
        if (result == FirmAuthResult.Ok)
        {
            cache.Remember(hash);
        }

        return result;
    }

    /// <summary>
    /// Lets the firm in, or throws what its caller is answered: PERMISSION_DENIED (FIRM_SUSPENDED) for a
    /// suspended firm, UNAUTHENTICATED for a key that is not (or no longer) its key.
    /// </summary>
    public async Task AdmitAsync(string networkId, string firmId, string key, CancellationToken cancellationToken)
    {
        switch (await VerifyAsync(networkId, firmId, key, cancellationToken))
        {
            case FirmAuthResult.Ok:
                return;
            case FirmAuthResult.Suspended:
                throw RpcErrors.Denied(Reasons.FirmSuspended, "This firm is suspended; contact the hub operator.");
            default:
                throw RpcErrors.Unauthenticated("The API key is not valid.");
        }
    }
}
