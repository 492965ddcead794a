using StackExchange.Redis;

namespace Viidakko.Hosting;

/// <summary>
/// How silos and gateways find each other in a cluster, the same on both: from the section
/// <c>Viidakko</c> of configuration or the <c>VIIDAKKO_*</c> variables (which win).
/// </summary>
public sealed class ClusterConnectionOptions
{
    /// <summary>The Orleans service id shared by every Viidakko deployment.</summary>
    public const string DefaultServiceId = "viidakko";

    /// <summary>Redis for membership and reminders (a StackExchange.Redis configuration string). <c>VIIDAKKO_REDIS</c>.</summary>
    public string? Redis { get; set; }

    /// <summary>
    /// Orleans' ServiceId: the same for every deployment of this service, kept across redeploys
    /// (state and reminders are keyed by it). <c>VIIDAKKO_SERVICE_ID</c>.
    /// </summary>
    public string ServiceId { get; set; } = DefaultServiceId;

    /// <summary>
    /// Orleans' ClusterId: silos and gateways with the same id form one cluster; a blue/green
    /// deployment gives the new cluster a new id. <c>VIIDAKKO_CLUSTER_ID</c>.
    /// </summary>
    public string ClusterId { get; set; } = "viidakko";

    /// <summary>The Redis configuration, retrying while Redis restarts instead of failing at start-up.</summary>
    public ConfigurationOptions RedisConfiguration()
    {
        var options = ConfigurationOptions.Parse(Redis!);
        options.AbortOnConnectFail = false;
        return options;
    }
}
