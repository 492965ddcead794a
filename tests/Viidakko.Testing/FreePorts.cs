using System.Net;
using System.Net.Sockets;

namespace Viidakko.Testing;

/// <summary>Ports for hubs that tests start: each one the OS just handed out and the test released.</summary>
public static class FreePorts
{
    /// <summary>A free TCP port on 127.0.0.1.</summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
