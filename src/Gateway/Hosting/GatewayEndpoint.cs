using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Viidakko.Gateway.Hosting;

/// <summary>The gRPC and HTTP/JSON endpoints of this process, with the ports they really bound (when 0 was asked for).</summary>
public sealed class GatewayEndpoint
{
    internal ListenOptions? Listen { get; set; }

    internal ListenOptions? HttpListen { get; set; }

    /// <summary><c>http://IP:PORT</c> of the HTTP/JSON endpoint once the host has started; null when it has none.</summary>
    public string? HttpAddress => HttpListen?.IPEndPoint is { } endpoint ? $"http://{endpoint}" : null;

    /// <summary><c>http://IP:PORT</c>, once the host has started.</summary>
    public string Address => Listen?.IPEndPoint is { } endpoint
        ? $"http://{endpoint}"
        : throw new InvalidOperationException("The gateway has not started.");
}
