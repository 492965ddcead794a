using Viidakko.Gateway.Auth;
using Viidakko.Gateway.HealthChecks;
using Viidakko.Gateway.Hosting;
using Viidakko.Hosting;
using Viidakko.Hub;

// The hub in one process: `dotnet run --project src/Hub` serves the embedded default (one silo, a
// SQLite file). With VIIDAKKO_MODE=cluster it is a node of a cluster that serves gRPC itself.
//   dotnet Viidakko.Hub.dll          serve
//   dotnet Viidakko.Hub.dll health   exit code 0 while this host's gRPC health reports SERVING
return await ViidakkoHost.RunAsync(async () =>
{
    if (args is ["health", ..])
    {
        var probe = WebApplication.CreateBuilder(args[1..]).AddViidakkoDefaults();
        return await GatewayHealthProbe.RunAsync(probe.AddViidakkoOptions(new ApiGatewayOptionsValidator(requireAdminKey: false)).Listen);
    }

    var app = HubApp.Build(args);
    BenchmarkSignals.Register(app);
    await app.StartAsync();
    var description = app.Services.GetRequiredService<HubDescription>();
    var adminKey = app.Services.GetRequiredService<AdminKey>();
    Console.WriteLine($"Viidakko hub serving gRPC on {HubApp.GrpcAddress(app)} (HTTP/2, h2c)");
    if (HubApp.HttpAddress(app) is { } http)
    {
        Console.WriteLine($"HTTP/JSON API on {http}/v1/... (OpenAPI: {http}/openapi/v1.json)");
        Console.WriteLine($"Web app: {http}/ (open it in a browser; the first time, set up the operator account there with the admin key)");
    }
    Console.WriteLine(description.DataDir is { } dataDir ? $"Data directory: {dataDir}" : "Mode: cluster (a silo that serves the gRPC API)");
    Console.WriteLine(adminKey.FilePath is { } path
        ? $"Admin key: stored in {path} (read it with: cat {path})"
        : "Admin key: from VIIDAKKO_ADMIN_KEY / configuration");
    await app.WaitForShutdownAsync();
    return 0;
});
