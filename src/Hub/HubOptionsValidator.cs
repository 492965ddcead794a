using Microsoft.Extensions.Options;
using Viidakko.Hosting;

namespace Viidakko.Hub;

/// <summary>Checks <see cref="HubOptions"/> before anything starts.</summary>
public sealed class HubOptionsValidator : IValidateOptions<HubOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HubOptions options)
    {
        var failures = new List<string>();
        if (!options.IsCluster && !string.Equals(options.Mode, "embedded", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{ViidakkoEnvironment.Describe(nameof(options.Mode))} must be 'embedded' or 'cluster' (got '{options.Mode}').");
        }

        if (!options.IsCluster && string.IsNullOrWhiteSpace(options.DataDir))
        {
            failures.Add($"{ViidakkoEnvironment.Describe(nameof(options.DataDir))} must name a directory.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
