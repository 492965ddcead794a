using System.Text.Json;
using Grpc.Core;
using Viidakko.Gateway.Auth;

namespace Viidakko.Gateway.Web;

/// <summary>
/// Signing in and out of the web app (HTTP/JSON, beside the API): <c>POST /auth/sign-in</c>,
/// <c>POST /auth/invitation</c> (set a password with an invitation's token, and sign in),
/// <c>GET /auth/session</c>, <c>POST /auth/sign-out</c>. Bodies must be JSON (a cross-site form
/// cannot send that without the browser asking first), answers are JSON, errors the API's
/// google.rpc.Status.
/// </summary>
internal static class AuthEndpoints
{
    /// <summary>Shortest password a person may set.</summary>
    public const int MinPasswordLength = 10;

    /// <summary>Longest password (and longest one checked).</summary>
    public const int MaxPasswordLength = 256;

    private sealed record SignInBody(string? Email, string? Password);

    private sealed record InvitationBody(string? Token, string? Password);

    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/auth/sign-in", SignInAsync);
        app.MapPost("/auth/invitation", AcceptInvitationAsync);
        app.MapGet("/auth/session", SessionAsync);
        app.MapPost("/auth/sign-out", SignOutAsync);
    }

    private static async Task<IResult> SignInAsync(HttpContext http, IClusterClient cluster, SignInAttempts attempts)
    {
        return await Answer(async () =>
        {
            Throttle(http, attempts);
            var body = await ReadAsync<SignInBody>(http);
            var v = new Violations();
            if (string.IsNullOrWhiteSpace(body.Email)) v.Add("email", "is required"); else v.Email("email", body.Email.Trim());
            if (string.IsNullOrEmpty(body.Password)) v.Add("password", "is required");
            else if (body.Password.Length > MaxPasswordLength) v.Add("password", $"must be at most {MaxPasswordLength} characters");
            v.ThrowIfAny();

            var account = PersonTokens.AccountKey(body.Email!);
            var sessionId = PersonTokens.New(PersonTokens.Session, account);
            var result = await cluster.GetGrain<IAccountGrain>(account).SignInAsync(body.Password!, ApiKeys.Hash(sessionId), http.RequestAborted);
            return Opened(http, sessionId, result);
        });
    }

    private static async Task<IResult> AcceptInvitationAsync(HttpContext http, IClusterClient cluster, SignInAttempts attempts)
    {
        return await Answer(async () =>
        {
            Throttle(http, attempts);
            var body = await ReadAsync<InvitationBody>(http);
            var v = new Violations();
            if (!PersonTokens.TryReadAccount(PersonTokens.Invitation, body.Token, out var account)) v.Add("token", "is not an invitation token; open the whole link you were given");
            if (body.Password is not { Length: >= MinPasswordLength and <= MaxPasswordLength }) v.Add("password", $"must be {MinPasswordLength}–{MaxPasswordLength} characters");
            else if (string.IsNullOrWhiteSpace(body.Password) || TextRules.FirstForbidden(body.Password, multiline: false) is not null) v.Add("password", "must not be blank or hold control characters");
            v.ThrowIfAny();

            var sessionId = PersonTokens.New(PersonTokens.Session, account);
            var result = await cluster.GetGrain<IAccountGrain>(account)
                .AcceptInvitationAsync(ApiKeys.Hash(body.Token!), body.Password!, ApiKeys.Hash(sessionId), http.RequestAborted);
            return Opened(http, sessionId, result);
        });
    }

    private static async Task<IResult> SessionAsync(HttpContext http, SessionVerifier sessions)
    {
        return await Answer(async () =>
        {
            var session = await sessions.FindAsync(SessionCookie.Read(http.Request), http.RequestAborted)
                ?? throw RpcErrors.Unauthenticated("Not signed in.");
            return Results.Json(AuthJson.View(session), AuthJson.Options);
        });
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IClusterClient cluster, SessionVerifier sessions)
    {
        return await Answer(async () =>
        {
            RequireJson(http);
            var sessionId = SessionCookie.Read(http.Request);
            var session = await sessions.FindAsync(sessionId, http.RequestAborted);
            if (session is not null)
            {
                // Signing out must come from the page itself, not from another site's form or image.
                if (http.Request.Headers[SessionCookie.CsrfHeader].FirstOrDefault() != session.CsrfToken)
                {
                    throw RpcErrors.Denied(Reasons.CsrfTokenInvalid, $"Send the session's CSRF token in the {SessionCookie.CsrfHeader} header.");
                }

                PersonTokens.TryReadAccount(PersonTokens.Session, sessionId, out var account);
                await cluster.GetGrain<IAccountGrain>(account).SignOutAsync(ApiKeys.Hash(sessionId!), http.RequestAborted);
            }

            SessionCookie.Delete(http);
            return Results.NoContent();
        });
    }

    private static IResult Opened(HttpContext http, string sessionId, SignInResult result)
    {
        switch (result.Outcome)
        {
            case SignInOutcome.SignedIn:
                SessionCookie.Write(http, sessionId, result.Session!.ExpireTime);
                http.Response.Headers.CacheControl = "no-store";
                return Results.Json(AuthJson.View(result.Session), AuthJson.Options);
            case SignInOutcome.LockedOut:
                var wait = result.LockedUntil!.Value - DateTime.UtcNow;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                throw RpcErrors.Build(Google.Rpc.Code.ResourceExhausted,
                    $"Too many wrong passwords: this account is locked until {result.LockedUntil:HH:mm} UTC. Try again then.", Reasons.AccountLocked, [], wait);
            default:
                throw RpcErrors.Build(Google.Rpc.Code.Unauthenticated, "The e-mail address or the password is wrong.", Reasons.WrongCredentials, []);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpContext http) where T : class
    {
        RequireJson(http);
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, AuthJson.Options, http.RequestAborted)
                ?? throw new JsonException();
        }
        catch (JsonException)
        {
            throw RpcErrors.Build(Google.Rpc.Code.InvalidArgument, "The body must be a JSON object.", Reasons.MalformedRequest, []);
        }
    }

    /// <summary>Too many attempts from one address: 429, RATE_LIMITED, with Retry-After.</summary>
    private static void Throttle(HttpContext http, SignInAttempts attempts)
    {
        if (attempts.TryTake(http.Connection.RemoteIpAddress) is { } wait)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw RpcErrors.Build(Google.Rpc.Code.ResourceExhausted,
                $"Too many sign-in attempts from your address; try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} s.", Reasons.RateLimited, [], wait);
        }
    }

    private static void RequireJson(HttpContext http)
    {
        if (http.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            throw RpcErrors.Build(Google.Rpc.Code.InvalidArgument, "Send the body as application/json.", Reasons.MalformedRequest, []);
        }
    }

    private static async Task<IResult> Answer(Func<Task<IResult>> handle)
    {
        try
        {
            return await handle();
        }
        catch (RpcException e)
        {
            return AuthJson.Error(e);
        }
        catch (DomainException e)
        {
            return AuthJson.Error(RpcErrors.From(e));
        }
    }
}
