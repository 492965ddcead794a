using Google.Protobuf;

namespace Viidakko.LoadTest.Fuzzing;

/// <summary>One fuzzed request: what it calls, how it was made, who sends it.</summary>
internal sealed record FuzzMessage(long Index, FuzzMethod Method, string Generator, byte[] Bytes, Credential Credential);

/// <summary>
/// Draws message number <c>i</c> of a run from <c>Random(seed, i)</c> alone: the method, the
/// generator, the credentials and every value. With one call in flight a seed replays the same
/// run; with more, names harvested from earlier answers depend on timing, so the report also keeps
/// the bytes of anything it flags.
/// </summary>
internal sealed class MessageFactory(IReadOnlyList<FuzzMethod> methods, FuzzPopulation population, Credentials credentials, int seed, DateOnly today)
{
    /// <summary>The hub's request limit (Gateway: <c>GatewayHost.MaxRequestBytes</c>).</summary>
    public const int RequestLimit = 1024 * 1024;

    /// <summary>Generators and their weights (per 1,000 messages).</summary>
    public static readonly (string Name, int Weight)[] Generators =
    [
        ("hostile-values", 370),
        ("merged", 30),
        ("unknown-fields", 100),
        ("bit-flip", 100),
        ("truncation", 80),
        ("insert-delete", 80),
        ("wire-lies", 80),
        ("deep-nesting", 59),
        ("random-bytes", 100),
        ("oversized", 1),
    ];

    /// <summary>Generators whose output is mostly no valid protobuf message.</summary>
    public static readonly string[] Malformed = ["bit-flip", "truncation", "insert-delete", "wire-lies", "deep-nesting", "random-bytes"];

    private static readonly double[] Hostilities = [0, 0, 0.1, 0.1, 0.3, 0.3, 0.6, 1];

    private readonly ShapeGenerator _shapes = new(population.Names, today);

    public FuzzMessage Create(long index)
    {
        var r = new Random(MessageSeed(seed, index));
        var method = methods[r.Next(methods.Count)];
        var actor = population.Actors[r.Next(population.Actors.Count)];
        var generator = PickGenerator(r);
        var bytes = generator switch
        {
            "hostile-values" => Shape(method, actor, r, HostileValues.Pick(r, Hostilities)),
            "merged" => [.. Shape(method, actor, r, 0.1), .. Shape(method, actor, r, 0.1)],
            "unknown-fields" => WireMutator.AddUnknownFields(Shape(method, actor, r, 0), method.Input, r),
            "bit-flip" => WireMutator.FlipBits(Shape(method, actor, r, 0.1), r),
            "truncation" => WireMutator.Truncate(Shape(method, actor, r, 0.1), r),
            "insert-delete" => WireMutator.InsertOrDelete(Shape(method, actor, r, 0.1), r),
            "wire-lies" => WireMutator.Lie(Shape(method, actor, r, 0), method.Input, r),
            "deep-nesting" => WireMutator.Nest(Shape(method, actor, r, 0), method.Input, r),
            "random-bytes" => WireMutator.RandomMessage(method.Input, r),
            _ => WireMutator.Oversize(Shape(method, actor, r, 0), RequestLimit, r),
        };
        return new FuzzMessage(index, method, generator, bytes, credentials.Pick(method, actor, r));
    }

    /// <summary>SplitMix64 of (seed, index): neighbouring indexes get unrelated streams.</summary>
    public static int MessageSeed(int seed, long index)
    {
        unchecked
        {
            var z = ((ulong)(uint)seed << 32) ^ (ulong)index;
            z += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            z ^= z >> 31;
            return (int)z;
        }
    }

    private static string PickGenerator(Random r)
    {
        var roll = r.Next(1000);
        foreach (var (name, weight) in Generators)
        {
            if (roll < weight)
            {
                return name;
            }

            roll -= weight;
        }

        return Generators[0].Name;
    }

    private byte[] Shape(FuzzMethod method, SimFirm actor, Random r, double hostility) =>
        _shapes.Build(method, actor, r, hostility).ToByteArray();
}
