using System.Text.RegularExpressions;
using Viidakko.LoadTest.Fuzzing;
using Xunit;

namespace Viidakko.LoadTest.Tests;

/// <summary>
/// The fuzzer for 20 seconds against a real embedded hub: random and mutated messages for every RPC
/// must never get UNKNOWN or INTERNAL, malformed bytes must be INVALID_ARGUMENT (MALFORMED_REQUEST),
/// every service must be reached, and the hub must still be SERVING afterwards. The long run
/// (a million messages against a spawned hub) is in docs/reliability.md.
/// </summary>
public sealed class FuzzTests
{
    /// <summary>
    /// Every <c>Service/Method</c> declared in <c>protos/viidakko/v1</c>, read from the proto files
    /// themselves rather than found the way the fuzzer finds them, so a discovery that misses an RPC
    /// fails the test (and a new RPC is expected without anyone listing it).
    /// </summary>
    private static readonly IReadOnlyList<string> DeclaredRpcs = ReadDeclaredRpcs();

    [Fact]
    public async Task Twenty_seconds_of_fuzzing_get_no_unknown_or_internal_answer_and_the_hub_stays_serving()
    {
        var options = FuzzOptions.Parse(["--duration", "20s", "--seed", "11", "--concurrency", "8", "--quiet"]);
        var output = new StringWriter();

        var run = await FuzzRun.RunAsync(options, output, CancellationToken.None);

        var findings = string.Join("\n", run.Findings.Select(f => $"#{f.Index} {f.Method} [{f.Generator}, {f.Credential}] {f.Status}: {f.Hex[..Math.Min(f.Hex.Length, 600)]}"));
        Assert.True(run.FindingCount == 0, $"{run.FindingCount} UNKNOWN/INTERNAL answers, e.g.\n{findings}");
        Assert.False(run.ByStatus.ContainsKey("UNKNOWN"));
        Assert.False(run.ByStatus.ContainsKey("INTERNAL"));
        Assert.True(run.HubAlive);
        Assert.Equal("SERVING", run.HealthAfter);
        Assert.True(run.Passed);
        Assert.True(run.Messages > 2000, $"only {run.Messages} messages in {run.Seconds} s");

        // Bytes that are no message are the caller's mistake, named as such.
        foreach (var generator in MessageFactory.Malformed)
        {
            Assert.True(run.ByGenerator.TryGetValue(generator, out var codes), $"{generator} never ran");
            Assert.True(codes!.GetValueOrDefault("INVALID_ARGUMENT MALFORMED_REQUEST") > 0, $"{generator}: {string.Join(", ", codes)}");
        }

        // Every RPC of every service was called, and the population let messages past validation.
        foreach (var rpc in DeclaredRpcs)
        {
            Assert.True(run.ByMethod.ContainsKey(rpc), $"{rpc} was never called");
        }

        Assert.Equal(DeclaredRpcs.Select(r => r[..r.IndexOf('/')]).Distinct().Order(), run.ByService.Keys.Order());
        foreach (var code in new[] { "OK", "INVALID_ARGUMENT", "UNAUTHENTICATED", "PERMISSION_DENIED", "NOT_FOUND" })
        {
            Assert.True(run.ByStatus.GetValueOrDefault(code) > 0, $"no {code} answer: {string.Join(", ", run.ByStatus)}");
        }

        Assert.NotEmpty(run.Memory!.Samples);
        Assert.Contains("no UNKNOWN or INTERNAL answer", output.ToString());
    }

    [Fact]
    public void The_same_seed_makes_the_same_messages_and_another_seed_other_ones()
    {
        var methods = ApiSurface.Discover();
        // Each factory with its own population: request ids a run hands out join its own pool.
        MessageFactory Factory(int seed)
        {
            var population = OfflinePopulation();
            return new(methods, population, new Credentials("vka.operator-key-for-tests", population), seed, new DateOnly(2027, 3, 1));
        }

        var first = Factory(5);
        var again = Factory(5);
        var other = Factory(6);

        var generators = new HashSet<string>();
        var differ = 0;
        for (var i = 0L; i < 3000; i++)
        {
            var a = first.Create(i);
            var b = again.Create(i);
            Assert.Equal(a.Method.FullName, b.Method.FullName);
            Assert.Equal(a.Generator, b.Generator);
            Assert.Equal(a.Credential.Kind, b.Credential.Kind);
            Assert.Equal(a.Bytes, b.Bytes);
            generators.Add(a.Generator);
            differ += a.Bytes.AsSpan().SequenceEqual(other.Create(i).Bytes) ? 0 : 1;
        }

        Assert.Equal(MessageFactory.Generators.Where(g => g.Weight >= 30).Select(g => g.Name).Order(), generators.Where(g => g != "oversized").Order());
        Assert.True(differ > 2900, $"only {differ} of 3000 messages differ between seeds");
    }

    [Fact]
    public void Discovery_finds_every_rpc_of_the_public_api()
    {
        var discovered = ApiSurface.Discover().Select(m => m.FullName).ToHashSet();

        Assert.True(DeclaredRpcs.Count >= 43, $"only {DeclaredRpcs.Count} RPCs read from the protos");
        Assert.Equal(DeclaredRpcs.Order(), discovered.Order());
    }

    [Theory]
    [InlineData("--messages", "0")]
    [InlineData("--duration", "0s")]
    [InlineData("--concurrency", "-1")]
    [InlineData("--shuffle", "1")]
    public void Bad_fuzz_options_are_refused(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => FuzzOptions.Parse([option, value]));
        Assert.NotEmpty(error.Message);
    }

    private static List<string> ReadDeclaredRpcs()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Viidakko.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("the repository root (Viidakko.sln) is not above the test's directory");
        }

        var rpcs = new List<string>();
        foreach (var proto in Directory.GetFiles(Path.Combine(root.FullName, "protos", "viidakko", "v1"), "*.proto"))
        {
            string? service = null;
            foreach (var line in File.ReadLines(proto).Select(l => l.Trim()))
            {
                if (Regex.Match(line, @"^service (\w+)") is { Success: true } declared)
                {
                    service = declared.Groups[1].Value;
                }
                else if (service is not null && Regex.Match(line, @"^rpc (\w+)\(") is { Success: true } rpc)
                {
                    rpcs.Add($"{service}/{rpc.Groups[1].Value}");
                }
            }
        }

        return rpcs;
    }

    /// <summary>A population as the fuzzer would build it, without a hub: names and keys only.</summary>
    private static FuzzPopulation OfflinePopulation()
    {
        var names = new NamePool();
        var actors = new List<SimFirm>();
        foreach (var network in new[] { "fuzz-5-home", "fuzz-5-away" })
        {
            names.AddFixed(KnownName.Parse($"networks/{network}")!);
            for (var f = 0; f < 3; f++)
            {
                var firm = new SimFirm(network, $"firm-{f}", $"vk1.{network}.firm-{f}.secretsecretsecretsecret", ["web"], ["fast"]);
                actors.Add(firm);
                names.AddFixed(KnownName.Parse(firm.Name)!);
                names.AddFixed(KnownName.Parse($"{firm.Name}/clients/client-0")!);
                names.AddFixed(KnownName.Parse($"{firm.Name}/partnerships/firm-{(f + 1) % 3}")!);
            }

            names.AddFixed(new KnownName(ResourceKind.Referral, $"networks/{network}/referrals/r1", network, "firm-0", "firm-1"));
        }

        return new FuzzPopulation(names, actors, [], "fuzz-5-home", "fuzz-5-away");
    }
}
