namespace Viidakko.Grains.Domain;

/// <summary>A stored delivery (see <see cref="WebhookDelivery"/>).</summary>
/// <param name="WindowStart">When its three days of retries began: when it was queued, or asked to be redelivered.</param>
[GenerateSerializer, Alias("viidakko.WebhookDeliveryEntry")]
public sealed record WebhookDeliveryEntry(
    string EndpointId,
    long Position,
    FirmEventType EventType,
    WebhookDeliveryState State,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    DateTime CreateTime,
    DateTime WindowStart,
    DateTime? LastAttemptTime,
    DateTime? NextAttemptTime)
{
    /// <summary>The delivery's id: the endpoint and the event's position.</summary>
    public string DeliveryId => WebhookQueue.DeliveryId(EndpointId, Position);

    /// <summary>As the API shows it.</summary>
    public WebhookDelivery View() => new(DeliveryId, EndpointId, Position, EventType, State, Attempts, LastStatusCode, LastError,
        CreateTime, LastAttemptTime, NextAttemptTime);
}
