namespace Viidakko;

/// <summary>
/// A firm's webhooks: its endpoints and their deliveries. Key: the firm's key. It follows the firm's
/// event feed like any consumer and POSTs from its own background work, so a slow or dead endpoint
/// delays nobody's calls and no other firm's deliveries.
/// </summary>
[Alias("viidakko.IWebhookGrain")]
public interface IWebhookGrain : IGrainWithStringKey
{
    /// <summary>Adds an endpoint; it receives the events after the feed's current head. A retry with the same request id answers the same endpoint (and secret).</summary>
    [Alias("Create")] Task<WebhookCreated> CreateAsync(string url, IReadOnlyList<FirmEventType> eventTypes, string description, RequestTag? request = null, CancellationToken cancellationToken = default);
    [Alias("List")] Task<IReadOnlyList<WebhookEndpoint>> ListAsync(CancellationToken cancellationToken = default);
    [Alias("Get")] Task<WebhookEndpoint> GetAsync(string endpointId, CancellationToken cancellationToken = default);
    /// <summary>Removes an endpoint and its pending deliveries.</summary>
    [Alias("Delete")] Task DeleteAsync(string endpointId, CancellationToken cancellationToken = default);
    /// <summary>Deliveries of one endpoint, newest event first, optionally only those in <paramref name="state"/>.</summary>
    [Alias("ListDeliveries")] Task<WebhookDeliveryPage> ListDeliveriesAsync(string endpointId, WebhookDeliveryState? state, int pageSize, string? afterKey, CancellationToken cancellationToken = default);
    /// <summary>Queues the event of <paramref name="deliveryId"/> for another attempt now (also after it was delivered or failed).</summary>
    [Alias("Redeliver")] Task<WebhookDelivery> RedeliverAsync(string deliveryId, CancellationToken cancellationToken = default);
}
