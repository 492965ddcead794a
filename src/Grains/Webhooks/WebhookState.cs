using Viidakko.Grains.Domain;

namespace Viidakko.Grains;

/// <summary>Persistent state of a firm's webhooks: its endpoints (with their place in the feed) and their recent deliveries.</summary>
[GenerateSerializer, Alias("viidakko.WebhookState")]
public sealed class WebhookState
{
    [Id(0)] public List<WebhookEndpointEntry> Endpoints { get; set; } = [];
    [Id(1)] public List<WebhookDeliveryEntry> Deliveries { get; set; } = [];
}
