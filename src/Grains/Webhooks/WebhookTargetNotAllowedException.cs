namespace Viidakko.Grains;

/// <summary>
/// Thrown from <see cref="WebhookSender"/>'s connect step when every address the target's host
/// resolved to is forbidden, so the sender can tell that refusal from a network failure however
/// the HTTP stack wraps it.
/// </summary>
internal sealed class WebhookTargetNotAllowedException(string message)
    : HttpRequestException(HttpRequestError.ConnectionError, message);
