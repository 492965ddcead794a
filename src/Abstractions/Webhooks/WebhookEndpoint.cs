namespace Viidakko;

/// <summary>A firm's webhook endpoint: where the hub POSTs the firm's events (the secret is shown only when it is created).</summary>
/// <param name="EventTypes">The events it receives; empty: all of them.</param>
/// <param name="Position">The newest event position handed to it (queued or delivered).</param>
/// <param name="Pending">Deliveries waiting for a first or another attempt.</param>
/// <param name="RetryTime">While the endpoint fails: when the hub next tries it.</param>
[GenerateSerializer, Immutable, Alias("viidakko.WebhookEndpoint")]
public sealed record WebhookEndpoint(
    string EndpointId,
    string Url,
    IReadOnlyList<FirmEventType> EventTypes,
    string Description,
    DateTime CreateTime,
    long Position,
    int Pending,
    DateTime? RetryTime);
