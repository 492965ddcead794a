using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>How the hub delivers webhooks.</summary>
public sealed class WebhookOptions
{
    /// <summary>Allow targets on loopback and private networks (a development or on-premises hub; the tests). Off by default.</summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>Allow link-local targets, cloud metadata services included. Off by default.</summary>
    public bool AllowLinkLocalTargets { get; set; }

    /// <summary>The hub's own API endpoints: never a target, whatever is allowed (a wildcard address covers every local one).</summary>
    public HubEndpointSet HubEndpoints { get; } = new();

    /// <summary>How long one POST may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait of the delivery loop for new events before it looks at its retries again (shorter in tests).</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The target policy these options make.</summary>
    public WebhookTargetPolicy Policy() => new()
    {
        AllowPrivateTargets = AllowPrivateTargets,
        AllowLinkLocalTargets = AllowLinkLocalTargets,
        HubEndpoints = HubEndpoints,
    };
}
