namespace Viidakko;

/// <summary>
/// What an index shard holds about one firm: everything matching and the directory need without
/// calling the firm. <see cref="ClientIdentities"/> are the identities the firm may not be offered
/// (its own clients and clients under another firm's custody window); never shown to callers.
/// </summary>
[GenerateSerializer, Immutable, Alias("viidakko.FirmMatchFacts")]
public sealed record FirmMatchFacts(FirmView PublicView, IReadOnlyList<string> ClientIdentities)
{
    /// <summary>The firm id.</summary>
    public string FirmId => PublicView.FirmId;
}
