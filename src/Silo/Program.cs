using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Viidakko.Hosting;
using Viidakko.Silo;
using Viidakko.Silo.Hosting;

// A silo of the cluster, with no public port (src/Hub runs one with the gRPC gateway inside).
//   dotnet Viidakko.Silo.dll           one silo (settings: SiloOptions, ClusterConnectionOptions)
//   dotnet Viidakko.Silo.dll migrate   applies the PostgreSQL schema migrations, then exits
//   dotnet Viidakko.Silo.dll health    exit code 0 when this host's silo is ready (for container health checks)
return await ViidakkoHost.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddViidakkoDefaults();
    switch (args.FirstOrDefault())
    {
        case "migrate":
            return await SiloCommands.MigrateAsync(builder.AddViidakkoOptions(new SiloOptionsValidator(cluster: false)));
        case "health":
            return await SiloCommands.HealthAsync(builder.AddViidakkoOptions(new SiloOptionsValidator(cluster: false)));
    }

    var cluster = builder.AddViidakkoOptions(new ClusterConnectionOptionsValidator());
    var options = builder.AddViidakkoOptions(new SiloOptionsValidator(cluster: true));
    builder.AddViidakkoClusterSilo(cluster, options);
    builder.Services.AddViidakkoWebhooks(options, []);
    var app = builder.Build();
    app.MapViidakkoSiloHealth();
    await app.StartAsync();
    app.Logger.LogInformation(
        "Viidakko silo of cluster {ClusterId} (service {ServiceId}) up: silo port {SiloPort}, gateway port {GatewayPort}, health on {Health}",
        cluster.ClusterId, cluster.ServiceId, options.SiloPort, options.GatewayPort, options.HealthListen);
    await app.WaitForShutdownAsync();
    return 0;
});
