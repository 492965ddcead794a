namespace Viidakko;

/// <summary>A new endpoint and its signing secret, which the hub never shows again.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.WebhookCreated")]
public sealed record WebhookCreated(WebhookEndpoint Endpoint, string Secret);
