namespace Viidakko;

/// <summary>A page of deliveries, newest event first.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.WebhookDeliveryPage")]
public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDelivery> Deliveries, string? NextKey);
