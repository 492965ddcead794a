using Microsoft.Extensions.Options;
using Viidakko.Hosting;

namespace Viidakko.Gateway.Hosting;

/// <summary>Checks <see cref="ApiGatewayOptions"/> before anything starts.</summary>
/// <param name="requireAdminKey">True for a gateway of a cluster: every gateway must accept the same operator key.</param>
public sealed class ApiGatewayOptionsValidator(bool requireAdminKey) : IValidateOptions<ApiGatewayOptions>
{
    /// <summary>Shortest operator key accepted: it guards every network.</summary>
    public const int MinAdminKeyLength = 16;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ApiGatewayOptions options)
    {
        var failures = new List<string>();
        if (!ListenAddress.TryParse(options.Listen, out _, out _))
        {
            failures.Add(ListenAddress.Problem(nameof(ApiGatewayOptions.Listen), options.Listen));
        }

        if (!string.IsNullOrEmpty(options.HttpListen))
        {
            if (!ListenAddress.TryParse(options.HttpListen, out _, out var httpPort))
            {
                failures.Add(ListenAddress.Problem(nameof(ApiGatewayOptions.HttpListen), options.HttpListen));
            }
            else if (httpPort != 0 && ListenAddress.TryParse(options.Listen, out _, out var grpcPort) && grpcPort == httpPort)
            {
                failures.Add($"{ViidakkoEnvironment.Describe(nameof(ApiGatewayOptions.HttpListen))} needs a port of its own ({httpPort} is the gRPC port).");
            }
        }

        if (options.EventHeartbeatSeconds is < 1 or > 25)
        {
            failures.Add($"{ViidakkoEnvironment.Describe(nameof(ApiGatewayOptions.EventHeartbeatSeconds))} must be from 1 to 25 seconds.");
        }

        foreach (var (setting, value) in new[] { (nameof(ApiGatewayOptions.FirmRateLimit), options.FirmRateLimit), (nameof(ApiGatewayOptions.NetworkRateLimit), options.NetworkRateLimit) })
        {
            if (value is < 0 or > 1_000_000)
            {
                failures.Add($"{ViidakkoEnvironment.Describe(setting)} must be from 0 (no limit) to 1000000 cost units per second.");
            }
        }

        if (options.MaxWatchesPerFirm is < 1 or > 1000)
        {
            failures.Add($"{ViidakkoEnvironment.Describe(nameof(ApiGatewayOptions.MaxWatchesPerFirm))} must be from 1 to 1000.");
        }

        if (string.IsNullOrEmpty(options.AdminKey))
        {
            if (requireAdminKey)
            {
                failures.Add($"{ViidakkoEnvironment.Describe(nameof(ApiGatewayOptions.AdminKey))} is required in a cluster: the operator key, the same on every gateway.");
            }
        }
        else if (options.AdminKey.Length < MinAdminKeyLength || options.AdminKey.Any(char.IsWhiteSpace))
        {
            failures.Add($"{ViidakkoEnvironment.Describe(nameof(ApiGatewayOptions.AdminKey))} must be at least {MinAdminKeyLength} characters without spaces.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
