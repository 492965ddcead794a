using Orleans.Concurrency;

namespace Viidakko;

/// <summary>Answers health probes from any silo without touching storage.</summary>
[Alias("viidakko.IHealthProbeGrain")]
public interface IHealthProbeGrain : IGrainWithIntegerKey
{
    [Alias("Ping")] Task<DateTime> PingAsync(CancellationToken cancellationToken = default);
}
