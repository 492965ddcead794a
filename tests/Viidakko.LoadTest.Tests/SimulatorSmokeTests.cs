using System.Text.Json;
using Xunit;

namespace Viidakko.LoadTest.Tests;

/// <summary>
/// A few seconds of the real simulator against a real embedded hub: every kind of operation runs,
/// nothing fails unexpectedly, deliberate bad requests are refused as they should be, and the report
/// carries the same-run baseline. Performance itself is measured by the benchmarks, not here.
/// </summary>
public sealed class SimulatorSmokeTests
{
    private static readonly string[] EveryCall =
    [
        "match.partners", "referral.create", "referral.accept", "referral.start", "feedback.submit",
        "directory.list", "scoreboard.get", "profile.update",
    ];

    [Fact]
    public async Task Closed_loop_runs_every_operation_without_unexpected_failures()
    {
        var json = Path.Combine(Path.GetTempPath(), $"viidakko-smoke-{Guid.NewGuid():N}.json");
        var chart = Path.ChangeExtension(json, ".svg");
        try
        {
            var options = Options.Parse([
                "--firms", "40", "--clients-per-firm", "2", "--partners-per-firm", "2", "--seed", "7",
                "--concurrency", "8", "--duration", "4s", "--warmup", "1s", "--quiet",
                "--mix", "match=3,referral-lifecycle=6,referral-flow=2,directory=2,scoreboard=2,profile=2,invalid=2",
                "--json", json, "--chart", chart,
            ]);
            var output = new StringWriter();

            var exit = await LoadRun.RunAsync(options, output, CancellationToken.None);

            Assert.Equal(0, exit);
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var root = doc.RootElement;
            Assert.Equal(40, root.GetProperty("firms").GetInt32());
            var operations = root.GetProperty("workload").GetProperty("operations").EnumerateArray()
                .ToDictionary(o => o.GetProperty("name").GetString()!, o => o);
            foreach (var name in EveryCall)
            {
                Assert.True(operations.ContainsKey(name), $"{name} never ran");
                Assert.True(operations[name].GetProperty("ok").GetInt64() > 0, $"{name} never succeeded");
            }

            Assert.All(operations.Values, o => Assert.Equal(0, o.GetProperty("failed").GetInt64()));
            var invalid = operations.Where(kv => kv.Key.StartsWith("invalid.", StringComparison.Ordinal)).Select(kv => kv.Value).ToList();
            Assert.NotEmpty(invalid);
            Assert.All(invalid, o =>
            {
                Assert.Equal(0, o.GetProperty("ok").GetInt64());
                Assert.Equal(o.GetProperty("count").GetInt64(), o.GetProperty("expectedErrors").GetInt64());
                Assert.True(o.GetProperty("byStatus").TryGetProperty("INVALIDARGUMENT", out _));
            });

            Assert.True(root.GetProperty("baseline").GetProperty("overall").GetProperty("ok").GetInt64() > 0);
            Assert.True(root.GetProperty("ratios").GetProperty("throughput").GetDouble() > 0);
            var report = output.ToString();
            Assert.Contains("Against the same-run Ping baseline", report);
            Assert.Contains("p99.9", report);
            Assert.StartsWith("<svg", await File.ReadAllTextAsync(chart));
        }
        finally
        {
            File.Delete(json);
            File.Delete(chart);
        }
    }

    [Fact]
    public async Task Open_loop_offers_the_rate_and_records_latency_from_the_intended_time()
    {
        var json = Path.Combine(Path.GetTempPath(), $"viidakko-smoke-{Guid.NewGuid():N}.json");
        try
        {
            var options = Options.Parse([
                "--firms", "20", "--clients-per-firm", "1", "--partners-per-firm", "1", "--mode", "open", "--rate", "150",
                "--duration", "3s", "--warmup", "0s", "--no-baseline", "--quiet", "--mix", "directory=1,scoreboard=1",
                "--json", json,
            ]);

            var exit = await LoadRun.RunAsync(options, new StringWriter(), CancellationToken.None);

            Assert.Equal(0, exit);
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var overall = doc.RootElement.GetProperty("workload").GetProperty("overall");
            Assert.Equal(150, overall.GetProperty("offeredRate").GetDouble());
            // The schedule, not the hub's speed: 3 s at 150/s is 450 arrivals, each due at i/150 s and
            // each sent and answered however late (latency counts from the due time).
            Assert.Equal(450, overall.GetProperty("count").GetInt64());
            Assert.Equal(0, overall.GetProperty("failed").GetInt64());
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Theory]
    [InlineData("--mode", "sideways")]
    [InlineData("--mix", "teleport=1")]
    [InlineData("--firms", "-3")]
    public void Bad_options_are_refused_with_a_clear_message(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => Options.Parse([option, value]));
        Assert.NotEmpty(error.Message);
    }
}
