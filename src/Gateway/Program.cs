using Viidakko.Gateway;
using Viidakko.Gateway.Infrastructure;

if (args.FirstOrDefault() == "health")
{
    // For container health checks: 0 when this host's gateway reports SERVING.
    return await HubApp.ProbeHealthAsync();
}

var app = HubApp.Build(args);
var settings = app.Services.GetRequiredService<HubSettings>();
var adminKey = app.Services.GetRequiredService<AdminKey>();

await app.StartAsync();
Console.WriteLine($"Viidakko hub serving gRPC on {HubApp.ListenAddress(app)} (HTTP/2, h2c)");
Console.WriteLine(settings.IsCluster ? "Mode: cluster (an Orleans client of the silos)" : $"Data directory: {settings.DataDir}");
Console.WriteLine(adminKey.FilePath is { } path
    ? $"Admin key: stored in {path} (read it with: cat {path})"
    : "Admin key: from VIIDAKKO_ADMIN_KEY / configuration");
await app.WaitForShutdownAsync();
return 0;
