using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Viidakko.Hub;

namespace Viidakko.Gateway.Tests.Support;

// Inside the namespace, so the API's types win over the domain types of namespace Viidakko.
using Viidakko.Api.V1;

/// <summary>
/// The real embedded hub (Kestrel h2c + co-hosted silo + SQLite file) in this process, reached only
/// through a real gRPC channel, as a member agency's own system would reach it.
/// </summary>
public sealed class HubHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private HubHost(WebApplication app, GrpcChannel channel, string address, string adminKey)
    {
        _app = app;
        Channel = channel;
        Address = address;
        Admin = new AdminService.AdminServiceClient(As(adminKey));
    }

    /// <summary>The bound address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Address { get; }

    /// <summary>The HTTP/JSON address (HTTP/1.1), e.g. <c>http://127.0.0.1:41235</c>.</summary>
    public string HttpAddress => HubApp.HttpAddress(_app) ?? throw new InvalidOperationException("The hub serves no HTTP/JSON.");

    /// <summary>The channel every client of this hub shares.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>AdminService, authenticated with the operator key.</summary>
    public AdminService.AdminServiceClient Admin { get; }

    /// <summary>The hub's services (to reach what a test must trigger at once, such as the event retention).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts a hub on <paramref name="dataDir"/> with its own free silo port; with
    /// <paramref name="clock"/>, the hub's grains and gateway read the time from it; with
    /// <paramref name="logs"/>, everything the hub logs is captured there too.
    /// </summary>
    /// <remarks>With <paramref name="quickTimers"/>, referral deadline timers check the clock every second (for tests that move it).</remarks>
    /// <remarks>With <paramref name="settings"/>, more <c>--Viidakko:Name=value</c> settings (such as rate limits).</remarks>
    public static async Task<HubHost> StartAsync(string dataDir, string adminKey, TimeProvider? clock = null, LogCapture? logs = null, bool quickTimers = false,
        IEnumerable<string>? settings = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var app = HubApp.Build(
                [
                    $"--Viidakko:DataDir={dataDir}",
                    "--Viidakko:Listen=http://127.0.0.1:0",
                    "--Viidakko:HttpListen=http://127.0.0.1:0",
                    $"--Viidakko:AdminKey={adminKey}",
                    $"--Viidakko:SiloPort={FreeTcpPort()}",
                    // Watches of the event feed send a heartbeat every second, so tests see them soon.
                    "--Viidakko:EventHeartbeatSeconds=1",
                    // Webhook receivers of the tests listen on 127.0.0.1 (the hub's own port stays refused).
                    "--Viidakko:WebhookAllowPrivateTargets=true",
                    .. settings ?? [],
                ],
                services =>
                {
                    if (clock is not null)
                    {
                        services.AddSingleton(clock);
                    }

                    // The delivery loop looks at its retries every second (tests move the clock), and a receiver has 2 s to answer.
                    services.Configure<Viidakko.Grains.WebhookOptions>(o => (o.MaxWait, o.Timeout) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));

                    if (quickTimers)
                    {
                        services.Configure<Viidakko.Grains.ReferralTimerOptions>(o => (o.MaxDelay, o.Period) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
                        services.Configure<Orleans.Hosting.ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
                    }

                    if (logs is not null)
                    {
                        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
                    }
                });
            try
            {
                await app.StartAsync();
            }
            catch (Exception) when (attempt < 3)
            {
                // Another process may have taken the released silo port in between: try a new one.
                await app.DisposeAsync();
                continue;
            }

            var address = HubApp.GrpcAddress(app);
            return new HubHost(app, GrpcChannel.ForAddress(address), address, adminKey);
        }
    }

    /// <summary>Calls that carry <c>authorization: Bearer {key}</c>.</summary>
    public CallInvoker As(string key) =>
        Channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {key}");
            return metadata;
        });

    /// <summary>A member firm's view of the API, authenticated with its key.</summary>
    public FirmApi Firm(string networkId, string firmId, string apiKey) => new(As(apiKey), networkId, firmId, apiKey);

    /// <summary>Stops the hub (silo shutdown writes nothing half-way) and releases the port.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>A port the OS just handed out and we released: each in-process silo needs its own.</summary>
    public static int FreeTcpPort() => FreePorts.Next();
}

/// <summary>
/// One hub per test class (xunit runs classes in parallel, so each fixture has its own data dir,
/// silo port and listen port). Tests use distinct network ids so they never see each other's data.
/// </summary>
public sealed class HubFixture : IAsyncLifetime
{
    private HubHost? _hub;

    /// <summary>A temp directory that holds this hub's SQLite file.</summary>
    public string DataDir { get; } = Directory.CreateTempSubdirectory("viidakko-gateway-tests-").FullName;

    /// <summary>A random operator key.</summary>
    public string AdminKey { get; } = TestData.NewAdminKey();

    /// <summary>
    /// The hub's clock: the real time plus what a test lets pass with <see cref="ManualClock.Advance"/>.
    /// The tests of one class run one after another, so a test that moves it affects only the later
    /// tests of its class, which reckon from the hub's time (<see cref="ManualClock.GetUtcNow"/>), not the wall clock.
    /// </summary>
    public ManualClock Clock { get; } = new();

    /// <summary>The running hub.</summary>
    public HubHost Hub => _hub ?? throw new InvalidOperationException("The hub has not started.");

    public async Task InitializeAsync() => _hub = await HubHost.StartAsync(DataDir, AdminKey, Clock);

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }

        TestData.DeleteDirectory(DataDir);
    }
}

/// <summary>A member firm's clients for every firm-side service, all carrying its API key.</summary>
public sealed class FirmApi(CallInvoker invoker, string networkId, string firmId, string apiKey)
{
    public string NetworkId { get; } = networkId;
    public string FirmId { get; } = firmId;
    public string ApiKey { get; } = apiKey;

    /// <summary><c>networks/{network}/firms/{firm}</c>.</summary>
    public string Name => $"networks/{NetworkId}/firms/{FirmId}";

    /// <summary><c>networks/{network}</c>.</summary>
    public string Network => $"networks/{NetworkId}";

    public FirmService.FirmServiceClient Firms { get; } = new(invoker);
    public PartnershipService.PartnershipServiceClient Partnerships { get; } = new(invoker);
    public ClientService.ClientServiceClient Clients { get; } = new(invoker);
    public ReferralService.ReferralServiceClient Referrals { get; } = new(invoker);
    public WebhookService.WebhookServiceClient Webhooks { get; } = new(invoker);
    public MatchService.MatchServiceClient Matches { get; } = new(invoker);
    public FeedbackService.FeedbackServiceClient Feedback { get; } = new(invoker);
    public OverlapService.OverlapServiceClient Overlap { get; } = new(invoker);
    public EventService.EventServiceClient Events { get; } = new(invoker);

    /// <summary>This firm's client <paramref name="clientId"/>.</summary>
    public string Client(string clientId) => $"{Name}/clients/{clientId}";

    /// <summary>This firm's side of the partnership with <paramref name="partner"/>.</summary>
    public string PartnershipWith(FirmApi partner) => $"{Name}/partnerships/{partner.FirmId}";
}
