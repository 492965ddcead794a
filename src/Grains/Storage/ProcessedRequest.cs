namespace Viidakko.Grains;

/// <summary>
/// A request id (AIP-155) a grain carried out: what it did (<paramref name="Target"/>, including a
/// fingerprint of the request where the request carries values) and when. Kept in an
/// <see cref="ItemMap{TValue}"/> keyed by the request id; see <see cref="Domain.RequestLog"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("viidakko.ProcessedRequest")]
public sealed record ProcessedRequest([property: Id(0)] string Target, [property: Id(1)] DateTime Time);
