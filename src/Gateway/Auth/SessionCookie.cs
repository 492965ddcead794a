namespace Viidakko.Gateway.Auth;

/// <summary>
/// The web app's session cookie: HttpOnly, SameSite=Strict, path /, and Secure with the
/// <c>__Host-</c> name prefix when the request came over TLS. It holds the session id; the page
/// never reads it (it reads the CSRF token from <c>GET /auth/session</c> instead).
/// </summary>
public static class SessionCookie
{
    /// <summary>The cookie's name over plain HTTP.</summary>
    public const string Name = "viidakko_session";

    /// <summary>The cookie's name over TLS.</summary>
    public const string SecureName = "__Host-viidakko_session";

    /// <summary>The header a signed-in page sends its session's CSRF token in.</summary>
    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>The session id the request carries, or null.</summary>
    public static string? Read(HttpRequest request) =>
        request.Cookies.TryGetValue(request.IsHttps ? SecureName : Name, out var value) && value.Length > 0 ? value : null;

    /// <summary>Sets the cookie on the response, to end with the session.</summary>
    public static void Write(HttpContext http, string sessionId, DateTime expireTime) =>
        http.Response.Cookies.Append(http.Request.IsHttps ? SecureName : Name, sessionId, Options(http, expireTime));

    /// <summary>Removes the cookie from the browser.</summary>
    public static void Delete(HttpContext http) =>
        http.Response.Cookies.Delete(http.Request.IsHttps ? SecureName : Name, Options(http, null));

    private static CookieOptions Options(HttpContext http, DateTime? expireTime) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Expires = expireTime is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null,
        IsEssential = true,
    };
}
