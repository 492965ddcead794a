using Orleans.Concurrency;

namespace Viidakko.Grains;

/// <summary>Proves a silo answers calls; the gateway's health check calls it.</summary>
[StatelessWorker, GrainType("health-probe")]
internal sealed class HealthProbeGrain : Grain, IHealthProbeGrain
{
    public Task<DateTime> PingAsync(CancellationToken cancellationToken = default) => Task.FromResult(DateTime.UtcNow);
}
