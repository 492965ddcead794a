using Grpc.Core;
using System.Security.Cryptography;
using System.Text;

namespace Viidakko.Gateway.Auth;

/// <summary>
/// Admits a call from a signed-in page: the session must be open on the person's account (no cache,
/// so signing out ends it at once on every gateway), the call must carry the session's CSRF token,
/// and the person's role must fit the service: operators on AdminService, a firm's people on the
/// others (and only while their firm is not suspended); an operator also on the few firm calls
/// that only read what the whole network sees (the directory).
/// </summary>
public sealed class SessionVerifier(IClusterClient cluster)
{
    /// <summary>The session behind <paramref name="sessionId"/>, or null when it is not (or no longer) open.</summary>
    public async Task<AccountSession?> FindAsync(string? sessionId, CancellationToken cancellationToken)
    {
        if (!PersonTokens.TryReadAccount(PersonTokens.Session, sessionId, out var account))
        {
            return null;
        }

        return await cluster.GetGrain<IAccountGrain>(account).GetSessionAsync(ApiKeys.Hash(sessionId!), cancellationToken);
    }

    /// <summary>
    /// Checks again, for a call that stays open (a watch), that its person's session is still open and
    /// their firm not suspended; throws what the call ends with otherwise.
    /// </summary>
    public async Task StillAdmittedAsync(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        await AdmitAsync(SessionCookie.Read(http.Request) ?? "", http.Request.Headers[SessionCookie.CsrfHeader].FirstOrDefault(),
            adminService: false, operatorMayCall: false, context.CancellationToken);
    }

    /// <summary>The caller a signed-in page's call acts as; throws what the call is answered otherwise.</summary>
    public async Task<Caller> AdmitAsync(string sessionId, string? csrfToken, bool adminService, bool operatorMayCall, CancellationToken cancellationToken)
    {
        var session = await FindAsync(sessionId, cancellationToken)
            ?? throw RpcErrors.Unauthenticated("Your session has ended; sign in again.");
        if (csrfToken is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(csrfToken), Encoding.UTF8.GetBytes(session.CsrfToken)))
        {
            throw RpcErrors.Denied(Reasons.CsrfTokenInvalid,
                $"A signed-in page must send its session's CSRF token in the {SessionCookie.CsrfHeader} header (GET /auth/session returns it).");
        }

        var person = new CallerPerson(session.Email, session.DisplayName, session.Role);
        if (adminService)
        {
            return session.Role == AccountRole.Operator
                ? new Caller(true, "", "", person)
                : throw RpcErrors.Denied(Reasons.WrongRole, "Only an operator of the hub may do this.");
        }

        if (session.Role == AccountRole.Operator && operatorMayCall)
        {
            return new Caller(true, "", "", person);
        }

        if (session.Role == AccountRole.Operator)
        {
            throw RpcErrors.Denied(Reasons.WrongRole, "An operator works through the operator's calls (AdminService), not as a firm.");
        }

        if (!await cluster.GetGrain<IFirmGrain>(ResourceIds.FirmKey(session.NetworkId, session.FirmId)).AcceptsReferralsAsync(cancellationToken))
        {
            throw RpcErrors.Denied(Reasons.FirmSuspended, "This firm is suspended; contact the hub operator.");
        }

        return new Caller(false, session.NetworkId, session.FirmId, person);
    }
}
