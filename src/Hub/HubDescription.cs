namespace Viidakko.Hub;

/// <summary>What the hub process is, for what it prints at start-up.</summary>
/// <param name="IsCluster">A node of a cluster rather than the embedded hub.</param>
/// <param name="DataDir">The embedded hub's data directory; null in a cluster.</param>
public sealed record HubDescription(bool IsCluster, string? DataDir);
