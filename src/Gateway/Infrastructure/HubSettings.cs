namespace Viidakko.Gateway.Infrastructure;

/// <summary>
/// Settings of the embedded hub. Each comes from configuration (appsettings.json, command line
/// <c>--Viidakko:DataDir=...</c>) or its environment variable, which wins.
/// </summary>
public sealed class HubSettings
{
    /// <summary>
    /// <c>embedded</c> (default): one process with its own silo and SQLite file. <c>cluster</c>: a
    /// stateless gateway, an Orleans client of the silos found through Redis (see
    /// <see cref="Viidakko.Silo.ClusterSettings"/>). <c>VIIDAKKO_MODE</c>.
    /// </summary>
    public string Mode { get; set; } = "embedded";

    /// <summary>True in cluster mode.</summary>
    public bool IsCluster => string.Equals(Mode, "cluster", StringComparison.OrdinalIgnoreCase);

    /// <summary>Where the SQLite database and the generated admin key live. <c>VIIDAKKO_DATA_DIR</c>.</summary>
    public string DataDir { get; set; } = DefaultDataDir();

    /// <summary>The gRPC listen address (HTTP/2 without TLS). <c>VIIDAKKO_LISTEN</c>.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:5000";

    /// <summary>The operator key; generated into the data directory when not set. <c>VIIDAKKO_ADMIN_KEY</c>.</summary>
    public string? AdminKey { get; set; }

    /// <summary>Port of the embedded silo on loopback (silo-to-silo). <c>VIIDAKKO_SILO_PORT</c>.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary><c>$XDG_DATA_HOME/viidakko</c>, i.e. <c>~/.local/share/viidakko</c> on Linux.</summary>
    public static string DefaultDataDir() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "viidakko");

    /// <summary>Reads the settings from configuration, then the environment variables.</summary>
    public static HubSettings From(IConfiguration configuration)
    {
        var settings = new HubSettings();
        configuration.GetSection("Viidakko").Bind(settings);
        settings.Mode = Environment.GetEnvironmentVariable("VIIDAKKO_MODE") is { Length: > 0 } mode ? mode : settings.Mode;
        if (!settings.IsCluster && !string.Equals(settings.Mode, "embedded", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"VIIDAKKO_MODE / Viidakko:Mode must be 'embedded' or 'cluster' (got '{settings.Mode}').");
        }

        settings.DataDir = Environment.GetEnvironmentVariable("VIIDAKKO_DATA_DIR") is { Length: > 0 } dir ? dir : settings.DataDir;
        settings.Listen = Environment.GetEnvironmentVariable("VIIDAKKO_LISTEN") is { Length: > 0 } listen ? listen : settings.Listen;
        settings.AdminKey = Environment.GetEnvironmentVariable("VIIDAKKO_ADMIN_KEY") is { Length: > 0 } key ? key : settings.AdminKey;
        if (int.TryParse(Environment.GetEnvironmentVariable("VIIDAKKO_SILO_PORT"), out var port))
        {
            settings.SiloPort = port;
        }

        return settings;
    }
}
