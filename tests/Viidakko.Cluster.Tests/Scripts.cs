using System.Diagnostics;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Viidakko.Cluster.Tests;

/// <summary>Runs the repository's scripts, as an operator would.</summary>
internal static class Scripts
{
    public static string Root { get; } = FindRoot();

    /// <summary>Runs <c>scripts/NAME</c> with <paramref name="args"/>; returns its exit code and its output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string name, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Root, "scripts", name), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        start.Environment["VIIDAKKO_BUILD_CONFIGURATION"] = Configuration;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/{name} {string.Join(' ', args)} ran longer than {timeout}:\n{await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Reads <c>DIR/cluster.env</c> (KEY=VALUE lines, values possibly single-quoted).</summary>
    public static Dictionary<string, string> ReadEnv(string dir) =>
        File.ReadAllLines(Path.Combine(dir, "cluster.env"))
            .Select(line => line.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => kv[1].Trim('\''));

    // The scripts must run the build this test assembly belongs to.
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Viidakko.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Viidakko.sln not found above " + AppContext.BaseDirectory);
    }
}
