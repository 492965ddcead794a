namespace Viidakko.Grains;

/// <summary>
/// Which skills a network's firms offer, built from the all-firms shards on first use and rebuilt
/// (in the background, answering from the old set meanwhile) once it is an hour old, so a skill
/// every firm has dropped leaves it. Between builds the shards report each skill that gains its
/// first member, before the firm's change is acknowledged; a report that arrives while a build is
/// running is kept too.
/// </summary>
[GrainType("skill-catalog")]
internal sealed class SkillCatalogGrain(TimeProvider clock) : Grain, ISkillCatalogGrain
{
    /// <summary>How old the catalog may get before it is rebuilt.</summary>
    public static readonly TimeSpan RebuildAfter = TimeSpan.FromHours(1);

    private HashSet<string> _skills = new(StringComparer.Ordinal);
    private HashSet<string>? _addedDuringBuild;
    private Task? _firstBuild;
    private Task? _rebuild;
    private DateTimeOffset _builtAt;

    public async Task<IReadOnlyList<string>> OfferedAsync(IReadOnlyList<string> skills, CancellationToken cancellationToken = default)
    {
        if (_firstBuild is null || _firstBuild.IsFaulted || _firstBuild.IsCanceled)
        {
            _firstBuild = BuildAsync();
        }

        await _firstBuild;
        if (_rebuild is null or { IsCompleted: true } && clock.GetUtcNow() - _builtAt > RebuildAfter)
        {
            _rebuild = BuildAsync();
        }

        return skills.Where(_skills.Contains).Distinct(StringComparer.Ordinal).ToList();
    }

    public Task AddAsync(IReadOnlyList<string> skills, CancellationToken cancellationToken = default)
    {
        _skills.UnionWith(skills);
        _addedDuringBuild?.UnionWith(skills);
        return Task.CompletedTask;
    }

    private async Task BuildAsync()
    {
        var networkId = this.GetPrimaryKeyString();
        _addedDuringBuild = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var shards = await Task.WhenAll(IndexShards.Keys(networkId, IndexShards.All)
                .Select(key => GrainFactory.GetGrain<IIndexShardGrain>(key).SkillsAsync()));
            var built = new HashSet<string>(shards.SelectMany(s => s), StringComparer.Ordinal);
            built.UnionWith(_addedDuringBuild);
            _skills = built;
            _builtAt = clock.GetUtcNow();
        }
        finally
        {
            _addedDuringBuild = null;
        }
    }
}
