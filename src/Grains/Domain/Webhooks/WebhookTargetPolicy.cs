using System.Collections.Frozen;
using System.Net;

namespace Viidakko.Grains.Domain;

/// <summary>
/// Which addresses a webhook may be sent to, beyond the public internet. Production uses
/// <see cref="Strict"/>; a development or on-premises hub whose agencies run receivers on the same
/// private network turns on <see cref="AllowPrivateTargets"/>.
/// </summary>
public sealed record WebhookTargetPolicy
{
    /// <summary>Public addresses only, and none of the hub's own.</summary>
    public static WebhookTargetPolicy Strict { get; } = new();

    /// <summary>
    /// Allow loopback and private addresses (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7).
    /// The hub's own <see cref="HubEndpoints"/> and <see cref="HubAddresses"/> stay forbidden.
    /// </summary>
    public bool AllowPrivateTargets { get; init; }

    /// <summary>
    /// Allow link-local addresses (169.254/16, fe80::/10) and the cloud metadata services. Only for
    /// a hub that has no metadata service to protect.
    /// </summary>
    public bool AllowLinkLocalTargets { get; init; }

    /// <summary>The hub's own addresses: never a webhook target, whatever else is allowed.</summary>
    public IReadOnlySet<IPAddress> HubAddresses { get; init; } = FrozenSet<IPAddress>.Empty;

    /// <summary>
    /// Where the hub's gRPC server listens: never a webhook target, even when private targets are
    /// allowed. An endpoint on the wildcard address (0.0.0.0 or ::) stands for its port on every
    /// loopback address and every address in <see cref="HubAddresses"/>.
    /// </summary>
    public IReadOnlySet<IPEndPoint> HubEndpoints { get; init; } = FrozenSet<IPEndPoint>.Empty;
}
