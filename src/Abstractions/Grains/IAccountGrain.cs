namespace Viidakko;

/// <summary>
/// One person who signs in to the web app with e-mail and password, as a person of one firm or as an
/// operator. Key: the e-mail address in lower case. Holds the password hash (never the password), the
/// open invitation's hash, the lockout counter and the signed-in sessions (hashes only).
/// </summary>
/// <remarks>
/// Calls for one account run one after another, so the lockout counts every wrong password exactly;
/// the slow password hash runs on the thread pool, not on the grain's scheduler.
/// </remarks>
[Alias("viidakko.IAccountGrain")]
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores an invitation (replacing an open one). An account of another firm, or an operator's
    /// account invited as a firm's person (or the reverse), is refused with ACCOUNT_EXISTS; a person
    /// re-invited by their own firm keeps the account and may set a new password with the new token.
    /// </summary>
    [Alias("Invite")] Task InviteAsync(AccountInvitation invitation, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the password with an invitation's token (hash) and signs in: the token works once and
    /// until it expires (INVITATION_INVALID otherwise). Other sessions end.
    /// </summary>
    [Alias("AcceptInvitation")] Task<SignInResult> AcceptInvitationAsync(string tokenHash, string password, string sessionHash, CancellationToken cancellationToken = default);

    /// <summary>Checks the password and, when right, stores a new session under <paramref name="sessionHash"/>.</summary>
    [Alias("SignIn")] Task<SignInResult> SignInAsync(string password, string sessionHash, CancellationToken cancellationToken = default);

    /// <summary>The session stored under <paramref name="sessionHash"/>, or null when there is none (signed out, expired).</summary>
    [Alias("GetSession")] Task<AccountSession?> GetSessionAsync(string sessionHash, CancellationToken cancellationToken = default);

    /// <summary>Ends the session stored under <paramref name="sessionHash"/> (nothing when there is none).</summary>
    [Alias("SignOut")] Task SignOutAsync(string sessionHash, CancellationToken cancellationToken = default);
}
