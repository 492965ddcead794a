using Viidakko.Gateway.Infrastructure;

namespace Viidakko.Gateway.Services;

/// <summary>Checks that a firm caller only reaches its own network and its own resources.</summary>
internal static class Access
{
    /// <summary>Another network's resources are never reachable with this firm's key.</summary>
    public static void OwnNetwork(Caller caller, string networkId, string? field = null)
    {
        if (networkId != caller.NetworkId)
        {
            throw DomainException.Denied(Reasons.OtherNetwork, field is null
                ? $"Your API key belongs to network '{caller.NetworkId}'; this resource is in another network."
                : $"{field} is in another network; your firm works within network '{caller.NetworkId}'.");
        }
    }

    /// <summary>Resources under a firm are only for that firm.</summary>
    public static void Self(Caller caller, string networkId, string firmId, string what)
    {
        OwnNetwork(caller, networkId);
        if (firmId != caller.FirmId)
        {
            RpcErrors.ThrowNotYours<object>(what);
        }
    }
}
