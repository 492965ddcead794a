namespace Viidakko;

/// <summary>
/// A firm a shard ranked for a match: its score, its public view and the caller's history with it,
/// all that is needed to explain the score once the firm turns out to be on the page returned.
/// </summary>
[GenerateSerializer, Immutable, Alias("viidakko.RankedFirm")]
public sealed record RankedFirm(double Score, FirmView View, PairFacts Pair)
{
    /// <summary>The firm's id.</summary>
    public string FirmId => View.FirmId;
}
