using System.Net;

namespace Viidakko.Silo;

/// <summary>Listen addresses given as <c>http://IP:PORT</c> in configuration.</summary>
public static class ListenAddress
{
    /// <summary>Reads <c>http://IP:PORT</c> (or <c>http://localhost:PORT</c>), with an error that names <paramref name="setting"/>.</summary>
    public static (IPAddress Address, int Port) Parse(string listen, string setting)
    {
        if (Uri.TryCreate(listen, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp)
        {
            if (uri.IsLoopback && uri.Host == "localhost")
            {
                return (IPAddress.Loopback, uri.Port);
            }

            if (IPAddress.TryParse(uri.Host, out var ip))
            {
                return (ip, uri.Port);
            }
        }

        throw new InvalidOperationException($"{setting} must look like http://127.0.0.1:5000 or http://0.0.0.0:5000 (got '{listen}').");
    }

    /// <summary>The loopback URL of a listen address, for a health probe on the same host.</summary>
    public static string Local(string listen, string setting) =>
        $"http://127.0.0.1:{Parse(listen, setting).Port}";
}
