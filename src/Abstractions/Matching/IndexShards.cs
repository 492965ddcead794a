using Orleans.Concurrency;

namespace Viidakko;

/// <summary>Where a firm's facts live in a network's index.</summary>
public static class IndexShards
{
    /// <summary>The pseudo-skill of the all-firms directory.</summary>
    public const string All = "*";

    /// <summary>Shards of the all-firms directory.</summary>
    public const int AllShardCount = 8;

    /// <summary>Shards of each skill's index.</summary>
    public const int SkillShardCount = 4;

    /// <summary>Shard count for a skill (or <see cref="All"/>).</summary>
    public static int CountFor(string skill) => skill == All ? AllShardCount : SkillShardCount;

    /// <summary>The key of one shard.</summary>
    public static string Key(string networkId, string skill, int shard) => $"{networkId}/{skill}/{shard}";

    /// <summary>The keys of every shard of a skill.</summary>
    public static IEnumerable<string> Keys(string networkId, string skill) =>
        Enumerable.Range(0, CountFor(skill)).Select(i => Key(networkId, skill, i));

    /// <summary>Buckets of each shard's member list.</summary>
    public const int MemberBucketCount = 64;

    /// <summary>The shard that holds <paramref name="firmId"/>: a stable FNV-1a hash, the same on every silo.</summary>
    public static int ShardOf(string firmId, string skill) => (int)(Fnv(firmId, 2166136261u) % (uint)CountFor(skill));

    /// <summary>The member-list bucket of <paramref name="firmId"/> within its shard (a differently seeded hash).</summary>
    public static int BucketOf(string firmId) => (int)(Fnv(firmId, 84696351u) % MemberBucketCount);

    /// <summary>The key of one member-list bucket of a shard.</summary>
    public static string BucketKey(string shardKey, int bucket) => $"{shardKey}/{bucket}";

    private static uint Fnv(string text, uint seed)
    {
        var hash = seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
