namespace Viidakko;

/// <summary>A page of clients.</summary>
[GenerateSerializer, Immutable, Alias("viidakko.ClientPage")]
public sealed record ClientPage(IReadOnlyList<ClientView> Clients, string? NextAfterClientId);
