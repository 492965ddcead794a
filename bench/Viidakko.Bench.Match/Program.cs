using System.Diagnostics;
using System.Globalization;
using Viidakko;
using Viidakko.Grains.Domain;
using Viidakko.Testing.Matching;

// Usage: dotnet run -c Release --project bench/Viidakko.Bench.Match [-- sizes...]
// For each shard size: the same 200 needs and callers (a caller has history with about ten firms),
// a page of 20, timed pruned and exhaustive in alternating rounds; prints the median and range of
// microseconds per match and how many of the pruned matches stopped early.
var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000];
const int Needs = 200;
const int Rounds = 7;
const int Page = 20;

Console.WriteLine($"{"members",8} {"pruned µs (median, range)",28} {"scan µs (median, range)",28} {"scan/pruned",12} {"stopped early",14}");
foreach (var size in sizes)
{
    var random = new Random(size);
    var firms = RandomShards.Network(random, size);
    // No scan threshold, so that the pruned column shows the pruned search at every size.
    var index = new ShardIndex(RandomShards.Skill, scanBelow: 0);
    foreach (var firm in firms)
    {
        index.Upsert(firm);
    }

    var cases = Enumerable.Range(0, Needs)
        .Select(_ => (Query: RandomShards.Query(random), Caller: RandomShards.Caller(random, firms.Take(120).ToList())))
        .ToList();

    // Repeat each case enough to make a round last ~50 ms at this size.
    var repeat = Math.Max(1, 20_000 / Math.Max(size, 1));
    double Round(bool prune, out int early)
    {
        early = 0;
        var clock = Stopwatch.StartNew();
        for (var r = 0; r < repeat; r++)
        {
            foreach (var (query, caller) in cases)
            {
                if (!index.Rank(query, caller, Page, prune).Complete)
                {
                    early++;
                }
            }
        }

        return clock.Elapsed.TotalMicroseconds / (repeat * cases.Count);
    }

    Round(true, out _);
    Round(false, out _);
    var pruned = new List<double>();
    var scan = new List<double>();
    var stopped = 0;
    for (var round = 0; round < Rounds; round++)
    {
        pruned.Add(Round(true, out stopped));
        scan.Add(Round(false, out _));
    }

    static string Show(List<double> values) =>
        $"{Median(values),8:F1} ({values.Min():F1}–{values.Max():F1})";
    static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
    Console.WriteLine(
        $"{size,8} {Show(pruned),28} {Show(scan),28} {Median(scan) / Median(pruned),11:F2}× {100.0 * stopped / (repeat * cases.Count),12:F0} %");
}
