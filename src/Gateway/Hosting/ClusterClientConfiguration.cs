using Orleans.Configuration;
using Viidakko.Hosting;

namespace Viidakko.Gateway.Hosting;

/// <summary>How a gateway process joins a cluster as an Orleans client.</summary>
public static class ClusterClientConfiguration
{
    /// <summary>How long a starting gateway keeps trying to reach the cluster.</summary>
    public static readonly TimeSpan ConnectPatience = TimeSpan.FromSeconds(60);

    /// <summary>Finds the cluster's silos through the same Redis membership the silos keep.</summary>
    public static IClientBuilder UseViidakkoCluster(this IClientBuilder client, ClusterConnectionOptions cluster)
    {
        client.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = cluster.ServiceId;
            o.ClusterId = cluster.ClusterId;
        });
        client.UseRedisClustering(o => o.ConfigurationOptions = cluster.RedisConfiguration());
        // Learn soon about silos that died or came back, rather than after the default minute.
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        // A gateway may start before the silos (or while they restart): keep trying for a minute
        // rather than failing at once; a container orchestrator restarts it after that.
        var giveUp = new Lazy<DateTime>(() => DateTime.UtcNow + ConnectPatience);
        client.UseConnectionRetryFilter(async (_, cancellationToken) =>
        {
            if (DateTime.UtcNow > giveUp.Value)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        });
        return client;
    }
}
