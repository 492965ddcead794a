using System.Net;

namespace Viidakko.Hosting;

/// <summary>Listen addresses given as <c>http://IP:PORT</c> in configuration.</summary>
public static class ListenAddress
{
    /// <summary>True when <paramref name="listen"/> is <c>http://IP:PORT</c> or <c>http://localhost:PORT</c>.</summary>
    public static bool TryParse(string? listen, out IPAddress address, out int port)
    {
        address = IPAddress.None;
        port = 0;
        if (!Uri.TryCreate(listen, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            return false;
        }

        port = uri.Port;
        if (uri.IsLoopback && uri.Host == "localhost")
        {
            address = IPAddress.Loopback;
            return true;
        }

        return IPAddress.TryParse(uri.Host, out address!);
    }

    /// <summary>The address and port of a listen address that passed validation.</summary>
    public static (IPAddress Address, int Port) Parse(string listen) =>
        TryParse(listen, out var address, out var port)
            ? (address, port)
            : throw new FormatException($"'{listen}' is not a listen address like http://127.0.0.1:5000.");

    /// <summary>The loopback URL of a listen address, for a health probe on the same host.</summary>
    public static string Local(string listen) => $"http://127.0.0.1:{Parse(listen).Port}";

    /// <summary>The message for a setting that is not a listen address.</summary>
    public static string Problem(string property, string? value) =>
        $"{ViidakkoEnvironment.Describe(property)} must look like http://127.0.0.1:5000 or http://0.0.0.0:5000 (got '{value}').";
}
