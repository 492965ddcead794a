namespace Viidakko.Grains;

/// <summary>
/// What happened when the hub sent one webhook request: the HTTP status if a response came back,
/// otherwise a short error such as "timed out after 10 s" or "connection refused". The error is
/// written for the firm that owns the endpoint, so it never carries the hub's exception text.
/// </summary>
/// <param name="StatusCode">The response's status code; null when no response came back.</param>
/// <param name="Error">Why the attempt failed, in a few words; null when a response came back.</param>
/// <param name="Duration">From the start of the attempt until the response was read or the attempt failed.</param>
public sealed record WebhookAttempt(int? StatusCode, string? Error, TimeSpan Duration)
{
    /// <summary>Whether the receiver answered with a 2xx status. Redirects are not followed and count as failures.</summary>
    public bool Succeeded => StatusCode is >= 200 and <= 299;
}
