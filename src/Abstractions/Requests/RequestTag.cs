namespace Viidakko;

/// <summary>
/// A mutation's <c>request_id</c> (AIP-155) and a fingerprint of the request it came with: the
/// method and every other field. The same id with the same fingerprint is a retry; the same id with
/// another fingerprint (another method, target or body) is <c>REQUEST_ID_REUSED</c>. The gateway
/// makes it from the request as received, so a retry that omits a defaulted field is still the same request.
/// </summary>
/// <param name="Id">The caller's request id.</param>
/// <param name="Fingerprint">A digest of the method and the request without its id.</param>
[GenerateSerializer, Immutable, Alias("viidakko.RequestTag")]
public sealed record RequestTag(string Id, string Fingerprint);
