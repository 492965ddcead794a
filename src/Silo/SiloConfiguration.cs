using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Viidakko.Grains;
using Viidakko.Silo.Storage;

namespace Viidakko.Silo;

/// <summary>How a Viidakko silo is put together.</summary>
public static class SiloConfiguration
{
    /// <summary>The Orleans service id shared by every Viidakko deployment.</summary>
    public const string ServiceId = "viidakko";

    /// <summary>
    /// The embedded default: one silo on loopback, clustered with itself, with all grain state in a
    /// SQLite file under <paramref name="dataDir"/>. No client gateway port is opened: the gRPC
    /// gateway in the same process talks to the silo directly.
    /// </summary>
    public static ISiloBuilder UseViidakkoEmbedded(this ISiloBuilder silo, string dataDir, int siloPort)
    {
        silo.UseLocalhostClustering(siloPort: siloPort, gatewayPort: 0, serviceId: ServiceId, clusterId: "embedded");
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = IPAddress.Loopback;
            o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, siloPort);
            o.GatewayPort = 0;
        });
        silo.AddViidakkoSqliteGrainStorage(GrainStorage.Name, o => o.DatabasePath = DatabasePath(dataDir));
        return silo.AddViidakkoGrainServices();
    }

    /// <summary>Services every Viidakko silo needs, whatever its clustering and storage.</summary>
    public static ISiloBuilder AddViidakkoGrainServices(this ISiloBuilder silo)
    {
        silo.Services.TryAddSingleton(TimeProvider.System);
        return silo;
    }

    /// <summary>The SQLite file of the embedded hub.</summary>
    public static string DatabasePath(string dataDir) => Path.Combine(dataDir, "viidakko.db");
}
