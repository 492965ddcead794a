using System.Diagnostics;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Viidakko.Gateway.Auth;
using Viidakko.Hub;

namespace Viidakko.LoadTest;

// Inside the namespace, so the API's messages win over the domain types of the same names.
using Viidakko.Api.V1;

/// <summary>
/// The hub under test, reached only through its public gRPC API. The clients of one pool share a
/// few channels, as a member system would reuse its connections.
/// </summary>
internal sealed class Hub : IAsyncDisposable
{
    private readonly List<GrpcChannel> _channels;
    private readonly IAsyncDisposable? _owned;
    private int _next;

    private readonly TimeSpan? _deadline;

    private Hub(IReadOnlyList<string> addresses, string adminKey, int channels, IAsyncDisposable? owned, TimeSpan? deadline = null)
    {
        Address = string.Join(",", addresses);
        AdminAuth = new Metadata { { "authorization", "Bearer " + adminKey } };
        _owned = owned;
        _deadline = deadline;
        // At least one channel per gateway, handed out round-robin, so load spreads over all of them.
        channels = Math.Max(channels, addresses.Count);
        _channels = Enumerable.Range(0, channels).Select(i => GrpcChannel.ForAddress(addresses[i % addresses.Count], new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            },
        })).ToList();
        var first = _channels[0];
        Admin = new AdminService.AdminServiceClient(first);
        Partnerships = new PartnershipService.PartnershipServiceClient(first);
        Clients = new ClientService.ClientServiceClient(first);
    }

    public string Address { get; }

    /// <summary>The hub's HTTP/JSON address, when known (<c>--http-target</c>, or a hub this simulator started).</summary>
    public string? HttpAddress { get; private init; }

    /// <summary>
    /// A plain HTTP/1.1 client of <see cref="HttpAddress"/>, as a system without gRPC would use it:
    /// pooled keep-alive connections, one request at a time on each.
    /// </summary>
    public HttpClient Http => _http ??= new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = 256 })
    {
        BaseAddress = new Uri(HttpAddress ?? throw new InvalidOperationException("No HTTP/JSON address: pass --http-target URL.")),
        DefaultRequestVersion = System.Net.HttpVersion.Version11,
    };

    private HttpClient? _http;

    /// <summary>Live memory of a hub this simulator spawned; null for one in this process or elsewhere.</summary>
    public MemoryProbe? Memory { get; private init; }

    /// <summary>The process id of a hub this simulator spawned; null for one in this process or elsewhere.</summary>
    public int? ProcessId { get; private init; }
    public Metadata AdminAuth { get; }
    public AdminService.AdminServiceClient Admin { get; }
    public PartnershipService.PartnershipServiceClient Partnerships { get; }
    public ClientService.ClientServiceClient Clients { get; }

    /// <summary>Round-robin over the channel pool.</summary>
    public CallInvoker Invoker
    {
        get
        {
            var invoker = _channels[(int)((uint)Interlocked.Increment(ref _next) % _channels.Count)].CreateCallInvoker();
            return _deadline is { } deadline ? invoker.Intercept(new DeadlineInterceptor(deadline)) : invoker;
        }
    }

    /// <summary>Starts a hub in this process on a temporary data directory.</summary>
    public static async Task<Hub> StartEmbeddedAsync(int channels)
    {
        var dataDir = Directory.CreateTempSubdirectory("viidakko-load-").FullName;
        var adminKey = ApiKeys.NewAdminKey();
        // The simulator prints its own report: the hub in the same process only speaks up for warnings.
        var app = HubApp.Build([
            "--Logging:LogLevel:Default=Warning",
            $"--Viidakko:DataDir={dataDir}",
            "--Viidakko:Listen=http://127.0.0.1:0",
            "--Viidakko:HttpListen=http://127.0.0.1:0",
            $"--Viidakko:AdminKey={adminKey}",
            $"--Viidakko:SiloPort={FreePort()}",
        ]);
        await app.StartAsync();
        var owned = new OwnedHub(async () =>
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(dataDir, recursive: true);
        });
        return new Hub([HubApp.GrpcAddress(app)], adminKey, channels, owned) { HttpAddress = HubApp.HttpAddress(app) };
    }

    /// <summary>Starts the hub as its own process (so its memory is its own), and reports how long it took to serve.</summary>
    public static async Task<(Hub Hub, TimeSpan StartUp)> SpawnAsync(int channels)
    {
        var dataDir = Directory.CreateTempSubdirectory("viidakko-load-").FullName;
        var adminKey = ApiKeys.NewAdminKey();
        var port = FreePort();
        var hubDll = Path.Combine(AppContext.BaseDirectory, "Viidakko.Hub.dll");
        var start = new ProcessStartInfo("dotnet", [hubDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["VIIDAKKO_DATA_DIR"] = dataDir;
        start.Environment["VIIDAKKO_LISTEN"] = $"http://127.0.0.1:{port}";
        var httpPort = FreePort();
        start.Environment["VIIDAKKO_HTTP_LISTEN"] = $"http://127.0.0.1:{httpPort}";
        start.Environment["VIIDAKKO_ADMIN_KEY"] = adminKey;
        start.Environment["VIIDAKKO_SILO_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The benchmark-only switch: SIGUSR1 makes the hub collect garbage and print its memory.
        start.Environment["VIIDAKKO_BENCHMARK_SIGNALS"] = "1";
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the hub");
        var memory = new MemoryProbe(process);
        process.OutputDataReceived += (_, e) => memory.Observe(e.Data);
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = $"http://127.0.0.1:{port}";
        var owned = new OwnedHub(async () =>
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            Directory.Delete(dataDir, recursive: true);
        });
        var hub = new Hub([address], adminKey, channels, owned) { Memory = memory, ProcessId = process.Id, HttpAddress = $"http://127.0.0.1:{httpPort}" };
        var health = new Grpc.Health.V1.Health.HealthClient(GrpcChannel.ForAddress(address));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the hub exited with code {process.ExitCode}");
            }

            try
            {
                var reply = await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(1));
                if (reply.Status == Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return (hub, clock.Elapsed);
                }
            }
            catch (RpcException)
            {
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException("the hub did not report SERVING within 60 s");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>A running hub at <paramref name="addresses"/> (one, or several gateways of a cluster).</summary>
    public static Hub Connect(IReadOnlyList<string> addresses, string adminKey, int channels, TimeSpan? deadline = null, string? httpAddress = null) =>
        new(addresses, adminKey, channels, null, deadline) { HttpAddress = httpAddress };

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        if (_owned is not null)
        {
            await _owned.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Gives every call without a deadline of its own the run's deadline.</summary>
    private sealed class DeadlineInterceptor(TimeSpan deadline) : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            if (context.Options.Deadline is null)
            {
                context = new ClientInterceptorContext<TRequest, TResponse>(
                    context.Method, context.Host, context.Options.WithDeadline(DateTime.UtcNow + deadline));
            }

            return continuation(request, context);
        }
    }

    private sealed class OwnedHub(Func<Task> dispose) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await dispose();
    }
}
