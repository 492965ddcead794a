using System.Net;
using System.Net.Sockets;

namespace Viidakko.Silo.Hosting;

/// <summary>
/// Settings of a silo, from the section <c>Viidakko</c> of configuration or the <c>VIIDAKKO_*</c>
/// variables (which win). The embedded hub uses <see cref="SiloPort"/> only.
/// </summary>
public sealed class SiloOptions
{
    /// <summary>PostgreSQL for grain state (an Npgsql connection string); cluster silos only. <c>VIIDAKKO_POSTGRES</c>.</summary>
    public string? Postgres { get; set; }

    /// <summary>Silo-to-silo port (loopback in the embedded hub). <c>VIIDAKKO_SILO_PORT</c>.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port gateways (Orleans clients) connect to; cluster silos only. <c>VIIDAKKO_GATEWAY_PORT</c>.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos and gateways reach this silo at. Unset: the host's own IPv4 address
    /// (in a container, the container's). <c>VIIDAKKO_ADVERTISED_IP</c>.
    /// </summary>
    public string? AdvertisedIp { get; set; }

    /// <summary>How many days events of the firms' feeds are kept (at least 1). <c>VIIDAKKO_EVENT_RETENTION_DAYS</c>; 90 by default.</summary>
    public int EventRetentionDays { get; set; } = 90;

    /// <summary>
    /// Let webhooks go to loopback and private-network addresses (a development or on-premises hub
    /// whose agencies' receivers sit on its network). Off by default: only public addresses, never
    /// the hub itself. <c>VIIDAKKO_WEBHOOK_ALLOW_PRIVATE_TARGETS</c>.
    /// </summary>
    public bool WebhookAllowPrivateTargets { get; set; }

    /// <summary>Let webhooks go to link-local addresses, cloud metadata services included. Off by default. <c>VIIDAKKO_WEBHOOK_ALLOW_LINK_LOCAL_TARGETS</c>.</summary>
    public bool WebhookAllowLinkLocalTargets { get; set; }

    /// <summary>Where a cluster silo serves <c>/health/live</c> and <c>/health/ready</c> (HTTP/1). <c>VIIDAKKO_HEALTH_LISTEN</c>.</summary>
    public string HealthListen { get; set; } = "http://0.0.0.0:8080";

    /// <summary>The configured address, or this host's first IPv4 address.</summary>
    public IPAddress ResolveAdvertisedAddress()
    {
        if (!string.IsNullOrWhiteSpace(AdvertisedIp))
        {
            return IPAddress.TryParse(AdvertisedIp, out var ip)
                ? ip
                : Dns.GetHostAddresses(AdvertisedIp).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        }

        return Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? IPAddress.Loopback;
    }
}
