using Microsoft.Extensions.Options;

namespace Viidakko.Hosting;

/// <summary>Checks <see cref="ClusterConnectionOptions"/> before a silo or gateway of a cluster starts.</summary>
public sealed class ClusterConnectionOptionsValidator : IValidateOptions<ClusterConnectionOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ClusterConnectionOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            failures.Add($"{ViidakkoEnvironment.Describe(nameof(options.Redis))} is required: Redis for membership, e.g. 127.0.0.1:6379.");
        }
        else
        {
            try
            {
                _ = options.RedisConfiguration();
            }
            catch (ArgumentException e)
            {
                failures.Add($"{ViidakkoEnvironment.Describe(nameof(options.Redis))} is not a Redis configuration: {e.Message}");
            }
        }

        foreach (var (property, value) in new[] { (nameof(options.ServiceId), options.ServiceId), (nameof(options.ClusterId), options.ClusterId) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                failures.Add($"{ViidakkoEnvironment.Describe(property)} must not be empty.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
