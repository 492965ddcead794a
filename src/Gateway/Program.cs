using Viidakko.Gateway.Auth;
using Viidakko.Gateway.HealthChecks;
using Viidakko.Gateway.Hosting;
using Viidakko.Hosting;

// A gateway of a cluster: the public gRPC API as an Orleans client of the silos (no grains here).
//   dotnet Viidakko.Gateway.dll          serve gRPC on VIIDAKKO_LISTEN
//   dotnet Viidakko.Gateway.dll health   exit code 0 while this host's gateway reports SERVING
// The one-process hub and a silo with the gateway inside are src/Hub.
return await ViidakkoHost.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddViidakkoDefaults();
    var options = builder.AddViidakkoOptions(new ApiGatewayOptionsValidator(requireAdminKey: args is not ["health", ..]));
    if (args is ["health", ..])
    {
        return await GatewayHealthProbe.RunAsync(options.Listen);
    }

    var mode = builder.Configuration["Viidakko:Mode"];
    if (mode is { Length: > 0 } && !string.Equals(mode, "cluster", StringComparison.OrdinalIgnoreCase))
    {
        throw new Microsoft.Extensions.Options.OptionsValidationException("Mode", typeof(string),
            [$"{ViidakkoEnvironment.Describe("Mode")} must be 'cluster' for the gateway process (got '{mode}'); the embedded hub is src/Hub."]);
    }

    var cluster = builder.AddViidakkoOptions(new ClusterConnectionOptionsValidator());
    builder.UseOrleansClient(client => client.UseViidakkoCluster(cluster));
    builder.AddViidakkoGateway(options, AdminKey.Load(options.AdminKey, dataDir: null));

    var app = builder.Build();
    app.MapViidakkoGateway();
    await app.StartAsync();
    var endpoint = app.Services.GetRequiredService<GatewayEndpoint>();
    Console.WriteLine($"Viidakko gateway serving gRPC on {endpoint.Address} (HTTP/2, h2c), a client of cluster '{cluster.ClusterId}'");
    if (endpoint.HttpAddress is { } http)
    {
        Console.WriteLine($"HTTP/JSON API on {http}/v1/... (OpenAPI: {http}/openapi/v1.json)");
        Console.WriteLine($"Web app: {http}/ (open it in a browser; the first time, set up the operator account there with the admin key)");
    }
    await app.WaitForShutdownAsync();
    return 0;
});
