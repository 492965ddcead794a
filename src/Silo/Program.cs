using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Viidakko.Silo;
using Viidakko.Silo.Storage;

// dotnet Viidakko.Silo.dll           one silo of the cluster (see ClusterSettings for its settings)
// dotnet Viidakko.Silo.dll migrate   applies the PostgreSQL schema migrations, then exits
// dotnet Viidakko.Silo.dll health    exit code 0 when this host's silo is ready (for container health checks)
switch (args.FirstOrDefault())
{
    case "migrate":
        return await SiloCommands.MigrateAsync();
    case "health":
        return await SiloCommands.HealthAsync();
}

var builder = WebApplication.CreateBuilder(args);
var settings = ClusterSettings.From(builder.Configuration);
builder.Logging.AddFilter("Polly", LogLevel.Warning);
builder.Logging.AddFilter("Orleans", LogLevel.Warning);
// Joins, leaves and deaths of silos are what an operator wants to see.
builder.Logging.AddFilter("Orleans.Runtime.MembershipService", LogLevel.Information);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    var (address, port) = ListenAddress.Parse(settings.HealthListen, "VIIDAKKO_HEALTH_LISTEN");
    kestrel.Listen(address, port, listen => listen.Protocols = HttpProtocols.Http1);
});
// SIGTERM drains the silo (within 25 s, inside the 30 s a container engine gives before SIGKILL): its grains deactivate (writing what they hold) and it leaves the
// membership table, so the others take over at once instead of after a missed-probe timeout.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));
builder.UseOrleans(silo => silo.UseViidakkoCluster(settings));
builder.Services.AddHealthChecks().AddCheck<SiloReadyCheck>("silo", tags: ["ready"]);

var app = builder.Build();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
await app.StartAsync();
app.Logger.LogInformation(
    "Viidakko silo of cluster {ClusterId} (service {ServiceId}) up: silo port {SiloPort}, gateway port {GatewayPort}, health on {Health}",
    settings.ClusterId, settings.ServiceId, settings.SiloPort, settings.GatewayPort, settings.HealthListen);
await app.WaitForShutdownAsync();
return 0;
