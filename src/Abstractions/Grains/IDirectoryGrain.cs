using Orleans.Concurrency;

namespace Viidakko;

/// <summary>
/// Lists a network's directory by merging its index shards; a stateless worker, so no single
/// activation serves every directory call of a network. Key: network id.
/// </summary>
[Alias("viidakko.IDirectoryGrain")]
public interface IDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Public profiles ordered by firm id, optionally only firms with <paramref name="skill"/>.</summary>
    [Alias("ListFirms")] Task<FirmPage> ListFirmsAsync(string? skill, int pageSize, string? afterFirmId, CancellationToken cancellationToken = default);
}
