using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Npgsql;
using Viidakko.Bench.Service.Infrastructure;
using Viidakko.Bench.Service.Services;

// The plain comparison service: the hub's gRPC contract served straight from PostgreSQL.
//   BENCH_POSTGRES   Npgsql connection string (default: Host=127.0.0.1;Username=postgres;Database=viidakko_bench)
//   BENCH_ADMIN_KEY  the operator key (required)
//   BENCH_LISTEN     h2c address (default http://127.0.0.1:5100)
var builder = WebApplication.CreateBuilder(args);
var adminKey = Environment.GetEnvironmentVariable("BENCH_ADMIN_KEY");
if (string.IsNullOrWhiteSpace(adminKey))
{
    Console.Error.WriteLine("BENCH_ADMIN_KEY must be set to the operator key.");
    return 2;
}

var listen = Environment.GetEnvironmentVariable("BENCH_LISTEN") is { Length: > 0 } l ? l : "http://127.0.0.1:5100";
var connectionString = Environment.GetEnvironmentVariable("BENCH_POSTGRES") is { Length: > 0 } c
    ? c
    : "Host=127.0.0.1;Username=postgres;Database=viidakko_bench";
if (!Uri.TryCreate(listen, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
    || !(uri.Host == "localhost" || IPAddress.TryParse(uri.Host, out _)))
{
    Console.Error.WriteLine($"BENCH_LISTEN must look like http://127.0.0.1:5100 (got '{listen}').");
    return 2;
}

// The same logging as the hub: refused requests are the caller's business, not events to log.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    var address = uri.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(uri.Host);
    // gRPC without TLS needs an HTTP/2-only endpoint (h2c).
    kestrel.Listen(address, uri.Port, endpoint => endpoint.Protocols = HttpProtocols.Http2);
});

var db = Database.Create(connectionString);
builder.Services.AddSingleton(db);
builder.Services.AddSingleton(new AdminKey(adminKey));
builder.Services.AddSingleton<FirmKeyCache>();
builder.Services.AddGrpc(grpc =>
{
    grpc.Interceptors.Add<ErrorInterceptor>();
    grpc.Interceptors.Add<AuthInterceptor>();
    grpc.MaxReceiveMessageSize = 1024 * 1024;
});
builder.Services.AddGrpcReflection();
builder.Services.AddGrpcHealthChecks().AddCheck<PostgresHealthCheck>("postgres");

var app = builder.Build();
app.MapGrpcService<HubGrpcService>();
app.MapGrpcService<AdminGrpcService>();
app.MapGrpcService<PartnershipGrpcService>();
app.MapGrpcService<ClientGrpcService>();
app.MapGrpcService<ReferralGrpcService>();
app.MapGrpcHealthChecksService();
app.MapGrpcReflectionService();

string commitMode;
try
{
    commitMode = await Database.ApplySchemaAsync(db, app.Lifetime.ApplicationStopping);
}
catch (NpgsqlException e)
{
    Console.Error.WriteLine($"Cannot prepare the database ({new NpgsqlConnectionStringBuilder(connectionString) { Password = null }}): {e.Message}");
    return 1;
}

await app.StartAsync();
Console.WriteLine($"Viidakko bench service serving gRPC on {listen} (HTTP/2, h2c); PostgreSQL synchronous_commit={commitMode}");
await app.WaitForShutdownAsync();
await db.DisposeAsync();
return 0;
