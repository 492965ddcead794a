namespace Viidakko;

/// <summary>
/// What an index shard holds about one firm: its public view, everything matching and the
/// directory need without calling the firm. Nothing about its clients: a match must not depend on
/// who works with whom (see the privacy rule in the README).
/// </summary>
[GenerateSerializer, Immutable, Alias("viidakko.FirmMatchFacts")]
public sealed record FirmMatchFacts(FirmView PublicView)
{
    /// <summary>The firm id.</summary>
    public string FirmId => PublicView.FirmId;
}
