namespace Viidakko.Grains;

/// <summary>One signed-in session: its id's hash, the CSRF token its page sends, and when it ends.</summary>
[GenerateSerializer, Alias("viidakko.StoredSession")]
public sealed record StoredSession(
    [property: Id(0)] string Hash,
    [property: Id(1)] string CsrfToken,
    [property: Id(2)] DateTime CreateTime,
    [property: Id(3)] DateTime ExpireTime);
