namespace Viidakko.Grains;

/// <summary>
/// A stateless worker's view of its network's <see cref="ISkillCatalogGrain"/>: skills found offered
/// are remembered for <see cref="Remember"/>, so the usual match asks nothing extra; a skill not
/// known to be offered is always asked about, so a skill a firm has just added is found at once.
/// </summary>
internal sealed class OfferedSkills(IGrainFactory grains, string networkId, TimeProvider clock)
{
    /// <summary>How long a worker trusts that a skill is offered.</summary>
    public static readonly TimeSpan Remember = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    /// <summary>Whether some firm offers each of <paramref name="skills"/>.</summary>
    public async Task<bool> AllOfferedAsync(IReadOnlyList<string> skills, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var unsure = skills.Where(s => !(_seen.TryGetValue(s, out var at) && now - at < Remember)).Distinct(StringComparer.Ordinal).ToList();
        if (unsure.Count == 0)
        {
            return true;
        }

        var offered = await grains.GetGrain<ISkillCatalogGrain>(networkId).OfferedAsync(unsure, cancellationToken);
        foreach (var skill in offered)
        {
            _seen[skill] = now;
        }

        return offered.Count == unsure.Count;
    }
}
