using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Viidakko.Gateway.Hosting;

/// <summary>The gRPC endpoint of this process, with the port it really bound (when 0 was asked for).</summary>
public sealed class GatewayEndpoint
{
    internal ListenOptions? Listen { get; set; }

    /// <summary><c>http://IP:PORT</c>, once the host has started.</summary>
    public string Address => Listen?.IPEndPoint is { } endpoint
        ? $"http://{endpoint}"
        : throw new InvalidOperationException("The gateway has not started.");
}
