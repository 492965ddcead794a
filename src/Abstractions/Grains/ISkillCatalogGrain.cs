using Orleans.Concurrency;

namespace Viidakko;

/// <summary>
/// The skills a network's firms offer, so that a match or a listing for a skill no firm offers
/// answers at once instead of waking that skill's index shards (any caller can name any skill).
/// Key: network id. It keeps nothing in storage: it is built from the all-firms shards when it
/// activates and grows as they report new skills, so it may still name a skill the last firm has
/// dropped (its shards then answer empty) but never lacks one a firm offers.
/// </summary>
[Alias("viidakko.ISkillCatalogGrain")]
public interface ISkillCatalogGrain : IGrainWithStringKey
{
    /// <summary>Those of <paramref name="skills"/> that some firm of the network offers.</summary>
    [AlwaysInterleave, Alias("Offered")] Task<IReadOnlyList<string>> OfferedAsync(IReadOnlyList<string> skills, CancellationToken cancellationToken = default);

    /// <summary>An all-firms shard now has a member offering <paramref name="skills"/>.</summary>
    /// <remarks>Interleaves: the catalog may be waiting on that very shard while it builds.</remarks>
    [AlwaysInterleave, Alias("Add")] Task AddAsync(IReadOnlyList<string> skills, CancellationToken cancellationToken = default);
}
