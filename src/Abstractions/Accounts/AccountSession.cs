namespace Viidakko;

/// <summary>Who a signed-in session belongs to, and the token its page must send with every call (CSRF).</summary>
[GenerateSerializer, Alias("viidakko.AccountSession")]
public sealed record AccountSession(
    [property: Id(0)] string Email,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] AccountRole Role,
    [property: Id(3)] string NetworkId,
    [property: Id(4)] string FirmId,
    [property: Id(5)] string CsrfToken,
    [property: Id(6)] DateTime ExpireTime);
