using Microsoft.Extensions.Options;
using Viidakko.Hosting;

namespace Viidakko.Silo.Hosting;

/// <summary>Checks <see cref="SiloOptions"/> before the silo starts.</summary>
/// <param name="cluster">True for a silo of a cluster (PostgreSQL, gateway port, health endpoint); false for the embedded hub's.</param>
public sealed class SiloOptionsValidator(bool cluster) : IValidateOptions<SiloOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var failures = new List<string>();
        Port(failures, nameof(options.SiloPort), options.SiloPort);
        if (options.EventRetentionDays < 1)
        {
            failures.Add($"{ViidakkoEnvironment.Describe(nameof(options.EventRetentionDays))} must be at least 1 day.");
        }

        if (cluster)
        {
            Port(failures, nameof(options.GatewayPort), options.GatewayPort);
            if (string.IsNullOrWhiteSpace(options.Postgres))
            {
                failures.Add($"{ViidakkoEnvironment.Describe(nameof(options.Postgres))} is required: PostgreSQL for grain state, e.g. Host=127.0.0.1;Username=viidakko;Password=...;Database=viidakko.");
            }
            else
            {
                try
                {
                    _ = new Npgsql.NpgsqlConnectionStringBuilder(options.Postgres);
                }
                catch (ArgumentException e)
                {
                    failures.Add($"{ViidakkoEnvironment.Describe(nameof(options.Postgres))} is not an Npgsql connection string: {e.Message}");
                }
            }

            if (!ListenAddress.TryParse(options.HealthListen, out _, out _))
            {
                failures.Add(ListenAddress.Problem(nameof(options.HealthListen), options.HealthListen));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Port(List<string> failures, string property, int port)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"{ViidakkoEnvironment.Describe(property)} must be a port number 1–65535 (got {port}).");
        }
    }
}
