using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Viidakko.Silo.HealthChecks;

/// <summary>Ready while this silo is an active member of the cluster.</summary>
internal sealed class SiloReadyCheck(ILocalSiloDetails local, IClusterMembershipService membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"This silo is {status}."));
    }
}
