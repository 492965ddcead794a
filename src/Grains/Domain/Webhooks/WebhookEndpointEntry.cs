namespace Viidakko.Grains.Domain;

/// <summary>A stored endpoint, with its secret and how far into the firm's feed it has been handed events.</summary>
/// <param name="Position">The newest event position queued for it (events up to here are queued or done).</param>
/// <param name="RetryTime">While its oldest pending delivery fails: when it is tried next (the others wait behind it).</param>
/// <param name="CreateRequestId">The request id it was created with, so a retried create answers it again.</param>
[GenerateSerializer, Alias("viidakko.WebhookEndpointEntry")]
public sealed record WebhookEndpointEntry(
    string EndpointId,
    string Url,
    IReadOnlyList<FirmEventType> EventTypes,
    string Description,
    string Secret,
    DateTime CreateTime,
    long Position,
    DateTime? RetryTime = null,
    string? CreateRequestId = null)
{
    /// <summary>Whether the endpoint asked for events of <paramref name="type"/>.</summary>
    public bool Wants(FirmEventType type) => EventTypes.Count == 0 || EventTypes.Contains(type);
}
