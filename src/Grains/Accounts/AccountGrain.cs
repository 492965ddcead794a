using System.Buffers.Text;
using System.Security.Cryptography;

namespace Viidakko.Grains;

/// <summary>One person's sign-in account; the rules are <see cref="AccountRules"/>, <see cref="SignInThrottle"/> and <see cref="Passwords"/>.</summary>
[GrainType("account")]
internal sealed class AccountGrain(
    [PersistentState("account", GrainStorage.Name)] IPersistentState<AccountState> state,
    TimeProvider clock) : Grain, IAccountGrain
{
    private StateWriter<AccountState>? _writer;

    private StateWriter<AccountState> Writer => _writer ??= new(state, DeactivateOnIdle);

    private AccountState S => state.State;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task InviteAsync(AccountInvitation invitation, CancellationToken cancellationToken = default)
    {
        if (!AccountRules.MayInvite(S, invitation))
        {
            throw new DomainException(DomainErrorKind.AlreadyExists, Reasons.AccountExists,
                $"{invitation.Email} already has an account on this hub, for another firm or as an operator; invite another address.");
        }

        S.Email = invitation.Email;
        S.DisplayName = invitation.DisplayName;
        S.Role = invitation.Role;
        S.NetworkId = invitation.NetworkId;
        S.FirmId = invitation.FirmId;
        S.InvitationHash = invitation.TokenHash;
        S.InvitationExpires = invitation.ExpireTime;
        await Writer.WriteAsync();
    }

    public async Task<SignInResult> AcceptInvitationAsync(string tokenHash, string password, string sessionHash, CancellationToken cancellationToken = default)
    {
        if (!AccountRules.InvitationOpen(S, tokenHash, Now))
        {
            throw DomainException.Precondition(Reasons.InvitationInvalid,
                "This invitation link is not valid: it was used already, replaced by a newer one, or has expired. Ask for a new invitation.");
        }

        S.PasswordHash = await Passwords.HashAsync(password);
        S.InvitationHash = null;
        S.Lock = SignInThrottle.AfterSuccess();
        // A new password ends every session signed in with the old one.
        S.Sessions.Clear();
        return await OpenSessionAsync(sessionHash);
    }

    public async Task<SignInResult> SignInAsync(string password, string sessionHash, CancellationToken cancellationToken = default)
    {
        var now = Now;
        if (SignInThrottle.LockedUntil(S.Lock, now) is { } until)
        {
            return new SignInResult(SignInOutcome.LockedOut, null, until);
        }

        if (!await Passwords.VerifyAsync(S.PasswordHash, password))
        {
            // An address without an account counts and locks the same way, so five tries do not tell
            // whether it has one; its count is kept in memory only (nothing is stored for it).
            S.Lock = SignInThrottle.AfterFailure(S.Lock, now);
            if (S.PasswordHash is not null)
            {
                await Writer.WriteAsync();
            }

            return S.Lock.LockedUntil is { } lockedUntil
                ? new SignInResult(SignInOutcome.LockedOut, null, lockedUntil)
                : new SignInResult(SignInOutcome.WrongCredentials, null, null);
        }

        S.Lock = SignInThrottle.AfterSuccess();
        return await OpenSessionAsync(sessionHash);
    }

    public Task<AccountSession?> GetSessionAsync(string sessionHash, CancellationToken cancellationToken = default) =>
        Task.FromResult(AccountRules.FindSession(S.Sessions, sessionHash, Now) is { } session ? View(session) : null);

    public async Task SignOutAsync(string sessionHash, CancellationToken cancellationToken = default)
    {
        if (S.Sessions.RemoveAll(s => s.Hash == sessionHash) > 0)
        {
            await Writer.WriteAsync();
        }
    }

    private async Task<SignInResult> OpenSessionAsync(string sessionHash)
    {
        var now = Now;
        var session = new StoredSession(sessionHash, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24)), now, now + AccountRules.SessionLifetime);
        AccountRules.AddSession(S.Sessions, session, now);
        await Writer.WriteAsync();
        return new SignInResult(SignInOutcome.SignedIn, View(session), null);
    }

    private AccountSession View(StoredSession session) =>
        new(S.Email, S.DisplayName, S.Role, S.NetworkId, S.FirmId, session.CsrfToken, session.ExpireTime);
}
