using System.Diagnostics;
using Grpc.Core;
using Viidakko.Api.V1;

namespace Viidakko.LoadTest;

/// <summary>
/// A network that asks for ten times its rate limit while the run measures the others: the operator
/// gives it a network limit of <c>limit</c> cost units a second, and its four firms send reads
/// (1 unit each) at ten times that, paced every 10 ms, without waiting for the answers. Counts what
/// the hub let through and what it refused (RESOURCE_EXHAUSTED).
/// </summary>
internal sealed class NoisyTenant(Hub hub, int limit, int seed)
{
    private readonly List<(string Name, Metadata Auth)> _firms = [];
    private CancellationTokenSource? _stop;
    private Task? _running;
    private long _sent;
    private long _accepted;
    private long _refused;
    private long _failed;
    private readonly Stopwatch _clock = new();

    public async Task StartAsync(CancellationToken ct)
    {
        var network = $"noisy-{seed}-{Guid.NewGuid():N}"[..20];
        await Transient.RetryAsync(() => hub.Admin.CreateNetworkAsync(new CreateNetworkRequest
        {
            NetworkId = network,
            Network = new Network { DisplayName = "Noisy tenant", Region = "Simulation" },
        }, hub.AdminAuth, cancellationToken: ct), ct);
        await hub.Admin.UpdateNetworkAsync(new UpdateNetworkRequest
        {
            Network = new Network { Name = $"networks/{network}", Limits = new Viidakko.Api.V1.NetworkLimits { NetworkCostPerSecond = limit } },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "limits" } },
        }, hub.AdminAuth, cancellationToken: ct);
        for (var i = 0; i < 4; i++)
        {
            var response = await hub.Admin.RegisterFirmAsync(new RegisterFirmRequest
            {
                Parent = $"networks/{network}",
                FirmId = $"noisy-{i}",
                Firm = new Firm { DisplayName = $"Noisy {i} Oy", City = "Turku" },
            }, hub.AdminAuth, cancellationToken: ct);
            _firms.Add(($"networks/{network}/firms/noisy-{i}", new Metadata { { "authorization", "Bearer " + response.ApiKey } }));
        }

        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _clock.Start();
        _running = Task.Run(() => RunAsync(_stop.Token));
    }

    private async Task RunAsync(CancellationToken ct)
    {
        var firms = new FirmService.FirmServiceClient(hub.Invoker);
        var perTick = Math.Max(1, limit * 10 / 100); // ten times the limit, in 100 ticks a second
        var tick = Stopwatch.StartNew();
        for (long n = 1; !ct.IsCancellationRequested; n++)
        {
            for (var i = 0; i < perTick; i++)
            {
                var (name, auth) = _firms[(int)((n * perTick + i) % _firms.Count)];
                Interlocked.Increment(ref _sent);
                _ = SendAsync(firms, name, auth, ct);
            }

            var due = TimeSpan.FromMilliseconds(10 * n) - tick.Elapsed;
            if (due > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(due, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task SendAsync(FirmService.FirmServiceClient firms, string name, Metadata auth, CancellationToken ct)
    {
        try
        {
            await firms.GetFirmAsync(new GetFirmRequest { Name = name }, auth, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: ct);
            Interlocked.Increment(ref _accepted);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            Interlocked.Increment(ref _refused);
        }
        catch (RpcException)
        {
            Interlocked.Increment(ref _failed);
        }
    }

    /// <summary>Stops sending; what was sent, let through and refused, per second of the run.</summary>
    public async Task<string> StopAsync()
    {
        _stop?.Cancel();
        if (_running is not null) await _running;
        var seconds = Math.Max(0.001, _clock.Elapsed.TotalSeconds);
        return $"noisy tenant (network limit {limit}/s): sent {_sent / seconds:0}/s, let through {_accepted / seconds:0}/s, " +
            $"refused {_refused / seconds:0}/s (RESOURCE_EXHAUSTED), other failures {_failed}";
    }
}
