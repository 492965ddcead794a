using System.Text.Json;

namespace Viidakko.Grains.Tests;

/// <summary>
/// Request tags (AIP-155 request ids with their fingerprint) as the gateway makes them. The gateway
/// digests the method and the whole request; the grains only compare fingerprints. Here the
/// fingerprint is readable text: <c>id|body</c>, where the body names the method, the target and
/// the values. A retry is the same id with the same body; the same id with another body (another
/// method, target or value) must be refused as REQUEST_ID_REUSED.
/// </summary>
internal static class Requests
{
    /// <summary>A tag for request <paramref name="id"/> whose request is described by <paramref name="body"/>.</summary>
    public static RequestTag Req(string id, string body = "") => new(id, $"{id}|{body}");

    /// <summary>A tag for request <paramref name="id"/> of <paramref name="method"/> with <paramref name="values"/> (serialized whole).</summary>
    public static RequestTag Req(string id, string method, object values) =>
        Req(id, $"{method} {JsonSerializer.Serialize(values, values.GetType())}");

    /// <summary>
    /// <paramref name="request"/> with request id <paramref name="requestId"/> (none when null), fingerprinted from its
    /// content as the gateway does: after changing a tagged request with <c>with</c>, tag it again (<see cref="Retagged"/>).
    /// </summary>
    public static ReferralRequest Tagged(this ReferralRequest request, string? requestId) => request with
    {
        Request = requestId is null ? null : Req(requestId, "CreateReferral", request with { Request = null }),
    };

    /// <summary><paramref name="request"/> tagged again with its own id, for its changed content.</summary>
    public static ReferralRequest Retagged(this ReferralRequest request) => request.Tagged(request.Request?.Id);
}
