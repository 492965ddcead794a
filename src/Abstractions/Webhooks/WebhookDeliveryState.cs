namespace Viidakko;

/// <summary>Where one delivery of an event to an endpoint stands.</summary>
[GenerateSerializer, Alias("viidakko.WebhookDeliveryState")]
public enum WebhookDeliveryState
{
    Unspecified = 0,
    /// <summary>Waiting for its first or next attempt.</summary>
    Pending = 1,
    /// <summary>The endpoint answered 2xx.</summary>
    Delivered = 2,
    /// <summary>Every attempt failed for three days; the firm may ask for a redelivery.</summary>
    Failed = 3,
}
