using Orleans.Concurrency;

namespace Viidakko;

/// <summary>
/// A firm's client overlap with its partners: what it shares with each, its daily quota of queries,
/// and the record of the queries others made about it. Key: <c>network/firm</c>, like its firm's.
/// It reads the firm's clients and partnerships from the firm grain and keeps its own state apart.
/// </summary>
[Alias("viidakko.IOverlapGrain")]
public interface IOverlapGrain : IGrainWithStringKey
{
    [ReadOnly, Alias("GetSettings")] Task<OverlapSettings> GetSettingsAsync(CancellationToken cancellationToken = default);
    /// <summary>Sets what the firm shares with <paramref name="partnerFirmId"/>; <see cref="OverlapSharing.Unspecified"/> returns it to the network's default.</summary>
    [Alias("SetSharing")] Task<OverlapSettings> SetSharingAsync(string partnerFirmId, OverlapSharing sharing, RequestTag? request = null, CancellationToken cancellationToken = default);
    /// <summary>The clients in common with an active partner, as far as both share (one query of the quota).</summary>
    [Alias("GetOverlap")] Task<OverlapResult> GetOverlapAsync(string partnerFirmId, CancellationToken cancellationToken = default);
    /// <summary>The active partners that have one of the firm's clients, among those sharing names both ways (one query of the quota).</summary>
    [Alias("FindPartnersWhoKnow")] Task<PartnersWhoKnow> FindPartnersWhoKnowAsync(string clientId, CancellationToken cancellationToken = default);
    /// <summary>The queries other firms made about this one, newest first.</summary>
    [ReadOnly, Alias("ListQueries")] Task<OverlapQueryPage> ListQueriesAsync(int pageSize, int offset, CancellationToken cancellationToken = default);

    /// <summary>
    /// Another firm's question about its overlap with this one: records it, and answers as far as the
    /// lesser of the two firms' choices allows. Interleaves: two partners may ask each other at once.
    /// </summary>
    [AlwaysInterleave, Alias("Answer")]
    Task<OverlapAnswer> AnswerAsync(string askerFirmId, OverlapSharing askerSharing, OverlapQueryKind kind, IReadOnlyList<ClientIdentityEntry> askerClients, CancellationToken cancellationToken = default);
}
