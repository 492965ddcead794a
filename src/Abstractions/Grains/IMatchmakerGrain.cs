using Orleans.Concurrency;

namespace Viidakko;

/// <summary>
/// Runs a firm's matches: asks the firm for its side of the match, the index shards for their best
/// candidates, and merges them. A stateless worker, so matches run beside the firm's own calls and
/// no single activation serves every match of a network. Key: network id.
/// </summary>
[Alias("viidakko.IMatchmakerGrain")]
public interface IMatchmakerGrain : IGrainWithStringKey
{
    /// <summary>Ranked, explained candidate partners for a need of <paramref name="firmId"/>.</summary>
    [Alias("MatchPartners")] Task<MatchResult> MatchPartnersAsync(string firmId, MatchQuery query, int offset, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Non-partner firms <paramref name="firmId"/> should meet.</summary>
    [Alias("SuggestMeetings")] Task<IReadOnlyList<MeetingSuggestion>> SuggestMeetingsAsync(string firmId, int limit, CancellationToken cancellationToken = default);
}
