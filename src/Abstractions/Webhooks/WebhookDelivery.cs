namespace Viidakko;

/// <summary>One event's delivery to one endpoint, with its last attempt's outcome.</summary>
/// <param name="DeliveryId">Unique per endpoint and event: <c>{endpoint}-{position}</c>.</param>
/// <param name="Position">The event's position in the firm's feed.</param>
/// <param name="LastStatusCode">The HTTP status of the last attempt; null when it got none (refused, timed out).</param>
/// <param name="LastError">Why the last attempt failed without a status, in a few words.</param>
/// <param name="NextAttemptTime">While pending: when it is tried next.</param>
[GenerateSerializer, Immutable, Alias("viidakko.WebhookDelivery")]
public sealed record WebhookDelivery(
    string DeliveryId,
    string EndpointId,
    long Position,
    FirmEventType EventType,
    WebhookDeliveryState State,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    DateTime CreateTime,
    DateTime? LastAttemptTime,
    DateTime? NextAttemptTime);
