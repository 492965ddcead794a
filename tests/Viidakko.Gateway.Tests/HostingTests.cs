using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// The hub as a process: a wrong setting stops it at once with one line that names the setting, and
/// stopping it after work logs nothing at warning level or above.
/// </summary>
public sealed class HostingTests
{
    [Theory]
    [InlineData("VIIDAKKO_LISTEN", "localhost:5000", "Viidakko:Listen (VIIDAKKO_LISTEN)")]
    [InlineData("VIIDAKKO_HTTP_LISTEN", "localhost:5080", "Viidakko:HttpListen (VIIDAKKO_HTTP_LISTEN)")]
    [InlineData("VIIDAKKO_SILO_PORT", "eleven", "Viidakko:SiloPort")]
    [InlineData("VIIDAKKO_SILO_PORT", "70000", "Viidakko:SiloPort (VIIDAKKO_SILO_PORT)")]
    [InlineData("VIIDAKKO_MODE", "sideways", "Viidakko:Mode (VIIDAKKO_MODE)")]
    [InlineData("VIIDAKKO_ADMIN_KEY", "short", "Viidakko:AdminKey (VIIDAKKO_ADMIN_KEY)")]
    [InlineData("VIIDAKKO_LOG_FORMAT", "xml", "Viidakko:LogFormat (VIIDAKKO_LOG_FORMAT)")]
    [InlineData("VIIDAKKO_FIRM_RATE_LIMIT", "-5", "Viidakko:FirmRateLimit (VIIDAKKO_FIRM_RATE_LIMIT)")]
    [InlineData("VIIDAKKO_MAX_WATCHES_PER_FIRM", "0", "Viidakko:MaxWatchesPerFirm (VIIDAKKO_MAX_WATCHES_PER_FIRM)")]
    public async Task A_wrong_setting_stops_the_hub_with_a_message_that_names_it(string variable, string value, string named)
    {
        var dataDir = Directory.CreateTempSubdirectory("viidakko-settings-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Viidakko.Hub.dll")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["VIIDAKKO_DATA_DIR"] = dataDir;
            start.Environment["VIIDAKKO_LISTEN"] = $"http://127.0.0.1:{HubHost.FreeTcpPort()}";
            start.Environment["VIIDAKKO_HTTP_LISTEN"] = "http://127.0.0.1:0";
            start.Environment["VIIDAKKO_SILO_PORT"] = HubHost.FreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment[variable] = value;
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(2, process.ExitCode);
            var error = await stderr;
            Assert.StartsWith("Configuration error: ", error, StringComparison.Ordinal);
            Assert.Contains(named, error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // no stack trace
            Assert.DoesNotContain("serving gRPC", await stdout, StringComparison.Ordinal);
        }
        finally
        {
            TestData.DeleteDirectory(dataDir);
        }
    }

    /// <summary>
    /// A firm debounces its index updates by half a second (FirmIndexPublisher.Delay). The hub is
    /// stopped while firms' updates keep falling due all through its shutdown (they were made in
    /// waves): before the fix each of them failed against index shards that were already gone, and
    /// each failure was logged with its stack trace.
    /// </summary>
    [Fact]
    public async Task Stopping_the_hub_after_work_logs_no_warnings_or_errors()
    {
        var dataDir = Directory.CreateTempSubdirectory("viidakko-shutdown-").FullName;
        var logs = new LogCapture();
        try
        {
            var hub = await HubHost.StartAsync(dataDir, TestData.NewAdminKey(), logs: logs);
            // Starting warns of nothing of the hub's own (the test host's notes that it runs without server GC aside).
            Assert.DoesNotContain(logs.AtLeast(LogLevel.Warning), line => !line.Contains("ServerGC", StringComparison.Ordinal));
            logs.Clear();
            var networkId = await hub.NewNetworkAsync("shutdown");
            var firms = await Task.WhenAll(Enumerable.Range(0, 120).Select(i => hub.RegisterAsync(networkId, $"firm-{i}")));
            foreach (var wave in firms.Select((f, i) => (Firm: f, Index: i)).Chunk(15))
            {
                await Task.WhenAll(wave.Select(x => x.Firm.CreateClientAsync($"asiakas-{x.Index}", $"Asiakas {x.Index} Oy", businessId: $"{1000000 + x.Index}-{x.Index % 10}")));
                await Task.Delay(60);
            }

            await hub.StopAsync();

            Assert.True(logs.AtLeast(LogLevel.Warning).Count == 0, string.Join("\n", logs.AtLeast(LogLevel.Warning).Take(10)));
        }
        finally
        {
            TestData.DeleteDirectory(dataDir);
        }
    }
}
