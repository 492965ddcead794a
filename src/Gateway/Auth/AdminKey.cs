namespace Viidakko.Gateway.Auth;

/// <summary>The operator key: from configuration, else generated once into the data directory.</summary>
public sealed class AdminKey
{
    private readonly string _key;

    private AdminKey(string key, string? path)
    {
        _key = key;
        FilePath = path;
    }

    /// <summary>Where the generated key is stored; null when it came from configuration.</summary>
    public string? FilePath { get; }

    internal bool Matches(string presented) => ApiKeys.SameKey(presented, _key);

    /// <summary>
    /// Uses the configured key, or else reads (first creating) <c>admin.key</c> in
    /// <paramref name="dataDir"/>. A gateway of a cluster has no data directory: every gateway must
    /// accept the same key, so none may invent its own.
    /// </summary>
    public static AdminKey Load(string? configuredKey, string? dataDir)
    {
        if (!string.IsNullOrEmpty(configuredKey))
        {
            return new AdminKey(configuredKey, null);
        }

        if (dataDir is null)
        {
            throw new InvalidOperationException("An operator key is needed: set VIIDAKKO_ADMIN_KEY.");
        }

        Directory.CreateDirectory(dataDir);
        var path = Path.Combine(dataDir, "admin.key");
        if (!File.Exists(path))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                // Only the hub's own user may read the operator key.
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var writer = new StreamWriter(path, options);
                writer.Write(ApiKeys.NewAdminKey());
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use theirs.
            }
        }

        return new AdminKey(File.ReadAllText(path).Trim(), path);
    }
}
