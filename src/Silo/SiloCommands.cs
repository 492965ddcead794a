using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;
using Viidakko.Silo.Storage;

namespace Viidakko.Silo;

/// <summary>The silo executable's one-shot commands.</summary>
internal static class SiloCommands
{
    /// <summary>Applies the PostgreSQL migrations shipped beside the binary.</summary>
    public static async Task<int> MigrateAsync()
    {
        var settings = ClusterSettings.From(Configuration());
        if (string.IsNullOrWhiteSpace(settings.Postgres))
        {
            await Console.Error.WriteLineAsync("migrate needs VIIDAKKO_POSTGRES (an Npgsql connection string).");
            return 2;
        }

        // The database may still be starting (an init container right after PostgreSQL's).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var applied = await PostgresMigrations.ApplyAsync(settings.Postgres);
                Console.WriteLine(applied.Count == 0
                    ? "Schema is up to date."
                    : $"Applied: {string.Join(", ", applied)}.");
                return 0;
            }
            catch (Npgsql.NpgsqlException e) when (e.IsTransient && attempt < 30)
            {
                await Console.Error.WriteLineAsync($"PostgreSQL not reachable yet ({e.Message}); retrying");
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    /// <summary>0 when this host's silo reports ready on its health endpoint.</summary>
    public static async Task<int> HealthAsync()
    {
        var settings = ClusterSettings.From(Configuration());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            var url = ListenAddress.Local(settings.HealthListen, "VIIDAKKO_HEALTH_LISTEN") + "/health/ready";
            using var response = await http.GetAsync(url);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }

    private static IConfiguration Configuration() =>
        new ConfigurationBuilder().AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true).Build();
}

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
