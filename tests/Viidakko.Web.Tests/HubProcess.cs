using System.Diagnostics;
using System.Globalization;
using System.Text;
using Viidakko.Testing;

namespace Viidakko.Web.Tests;

/// <summary>
/// The hub as its own process, on its embedded default (SQLite file in a fresh data directory), as
/// the README's first command starts it; only its ports are chosen free so tests can run anywhere.
/// </summary>
public sealed class HubProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private HubProcess(Process process, StringBuilder output, string dataDir, string webAddress)
    {
        _process = process;
        _output = output;
        DataDir = dataDir;
        WebAddress = webAddress;
    }

    /// <summary>The data directory (its <c>admin.key</c> is the operator key).</summary>
    public string DataDir { get; }

    /// <summary>The printed HTTP address the page is opened at, e.g. <c>http://127.0.0.1:41235</c>.</summary>
    public string WebAddress { get; }

    /// <summary>The operator key the hub generated into its data directory at first start.</summary>
    public string AdminKey => File.ReadAllText(Path.Combine(DataDir, "admin.key")).Trim();

    /// <summary>What the hub printed so far (for failure messages).</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static async Task<HubProcess> StartAsync()
    {
        var dataDir = Directory.CreateTempSubdirectory("viidakko-web-").FullName;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Viidakko.Hub.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["VIIDAKKO_DATA_DIR"] = dataDir;
        start.Environment["VIIDAKKO_LISTEN"] = $"http://127.0.0.1:{FreePorts.Next()}";
        start.Environment["VIIDAKKO_HTTP_LISTEN"] = $"http://127.0.0.1:{FreePorts.Next()}";
        start.Environment["VIIDAKKO_SILO_PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        var output = new StringBuilder();
        var web = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            // "Web app: http://127.0.0.1:5080/ (sign in there)"
            const string marker = "Web app: ";
            if (e.Data.StartsWith(marker, StringComparison.Ordinal))
            {
                web.TrySetResult(e.Data[marker.Length..].Split(' ')[0].TrimEnd('/'));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
        };
        process.Exited += (_, _) => web.TrySetException(new InvalidOperationException("The hub exited at start-up:\n" + output));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = await web.Task.WaitAsync(TimeSpan.FromSeconds(90));
        return new HubProcess(process, output, dataDir, address);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
