using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace Viidakko.Silo;

/// <summary>
/// Settings of the cluster topology, shared by silos and by gateways in cluster mode. Each comes
/// from configuration (appsettings.json, section <c>Viidakko</c>) or its environment variable,
/// which wins.
/// </summary>
public sealed class ClusterSettings
{
    /// <summary>
    /// Orleans' ServiceId: the same for every deployment of this service, kept across redeploys
    /// (state and reminders are keyed by it). <c>VIIDAKKO_SERVICE_ID</c>.
    /// </summary>
    public string ServiceId { get; set; } = SiloConfiguration.ServiceId;

    /// <summary>
    /// Orleans' ClusterId: silos and gateways with the same id form one cluster; a blue/green
    /// deployment gives the new cluster a new id. <c>VIIDAKKO_CLUSTER_ID</c>.
    /// </summary>
    public string ClusterId { get; set; } = "viidakko";

    /// <summary>Redis for membership and reminders (a StackExchange.Redis configuration string). <c>VIIDAKKO_REDIS</c>.</summary>
    public string? Redis { get; set; }

    /// <summary>PostgreSQL for grain state (an Npgsql connection string); silos only. <c>VIIDAKKO_POSTGRES</c>.</summary>
    public string? Postgres { get; set; }

    /// <summary>Silo-to-silo port. <c>VIIDAKKO_SILO_PORT</c>.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port gateways (Orleans clients) connect to. <c>VIIDAKKO_GATEWAY_PORT</c>.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos and gateways reach this silo at. Unset: the host's own IPv4 address
    /// (in a container, the container's). <c>VIIDAKKO_ADVERTISED_IP</c>.
    /// </summary>
    public string? AdvertisedIp { get; set; }

    /// <summary>Where the silo serves <c>/health/live</c> and <c>/health/ready</c> (HTTP/1). <c>VIIDAKKO_HEALTH_LISTEN</c>.</summary>
    public string HealthListen { get; set; } = "http://0.0.0.0:8080";

    /// <summary>Reads the section <c>Viidakko</c>, then the environment variables.</summary>
    public static ClusterSettings From(IConfiguration configuration)
    {
        var settings = new ClusterSettings();
        configuration.GetSection("Viidakko").Bind(settings);
        settings.ServiceId = Env("VIIDAKKO_SERVICE_ID") ?? settings.ServiceId;
        settings.ClusterId = Env("VIIDAKKO_CLUSTER_ID") ?? settings.ClusterId;
        settings.Redis = Env("VIIDAKKO_REDIS") ?? settings.Redis;
        settings.Postgres = Env("VIIDAKKO_POSTGRES") ?? settings.Postgres;
        settings.SiloPort = Port("VIIDAKKO_SILO_PORT") ?? settings.SiloPort;
        settings.GatewayPort = Port("VIIDAKKO_GATEWAY_PORT") ?? settings.GatewayPort;
        settings.AdvertisedIp = Env("VIIDAKKO_ADVERTISED_IP") ?? settings.AdvertisedIp;
        settings.HealthListen = Env("VIIDAKKO_HEALTH_LISTEN") ?? settings.HealthListen;
        return settings;
    }

    /// <summary>Throws a message that names the variable to set when something required is missing.</summary>
    public void Require(bool postgres)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(Redis))
        {
            missing.Add("VIIDAKKO_REDIS (Redis for membership, e.g. 127.0.0.1:6379)");
        }

        if (postgres && string.IsNullOrWhiteSpace(Postgres))
        {
            missing.Add("VIIDAKKO_POSTGRES (PostgreSQL for grain state, e.g. Host=127.0.0.1;Username=viidakko;Password=...;Database=viidakko)");
        }

        if (string.IsNullOrWhiteSpace(ServiceId) || string.IsNullOrWhiteSpace(ClusterId))
        {
            missing.Add("VIIDAKKO_SERVICE_ID and VIIDAKKO_CLUSTER_ID must not be empty");
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException("Cluster mode needs: " + string.Join("; ", missing) + ".");
        }
    }

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

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static int? Port(string name) =>
        Env(name) is { } value
            ? int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
                ? port
                : throw new InvalidOperationException($"{name} must be a port number (got '{value}').")
            : null;
}
