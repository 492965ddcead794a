namespace Viidakko.Hub;

/// <summary>What kind of node this hub process is; section <c>Viidakko</c>, or the <c>VIIDAKKO_*</c> variables (which win).</summary>
public sealed class HubOptions
{
    /// <summary>
    /// <c>embedded</c> (default): one process with its own silo and a SQLite file. <c>cluster</c>: a
    /// node of a cluster, a silo on PostgreSQL and Redis that serves the gRPC API itself.
    /// <c>VIIDAKKO_MODE</c>.
    /// </summary>
    public string Mode { get; set; } = "embedded";

    /// <summary>Where the embedded hub keeps its SQLite file and generated operator key. <c>VIIDAKKO_DATA_DIR</c>.</summary>
    public string DataDir { get; set; } = DefaultDataDir();

    /// <summary>True for a node of a cluster.</summary>
    public bool IsCluster => string.Equals(Mode, "cluster", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>$XDG_DATA_HOME/viidakko</c>, i.e. <c>~/.local/share/viidakko</c> on Linux.</summary>
    public static string DefaultDataDir() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "viidakko");
}
