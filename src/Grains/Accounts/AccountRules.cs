namespace Viidakko.Grains;

/// <summary>Decisions about an account's invitations and sessions, apart from the grain that stores them.</summary>
public static class AccountRules
{
    /// <summary>Sessions one person may have open at once (devices, browsers); the oldest ends first.</summary>
    public const int MaxSessions = 10;

    /// <summary>How long a session lasts after signing in.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(7);

    /// <summary>
    /// Whether <paramref name="invitation"/> may be stored on an account in <paramref name="state"/>:
    /// a new account, or the same firm (or the operators) inviting its person again.
    /// </summary>
    public static bool MayInvite(AccountState state, AccountInvitation invitation) =>
        state.Role == AccountRole.None
        || (IsOperator(state.Role) == IsOperator(invitation.Role)
            && state.NetworkId == invitation.NetworkId && state.FirmId == invitation.FirmId);

    /// <summary>Whether the invitation whose token hashes to <paramref name="tokenHash"/> is open at <paramref name="now"/>.</summary>
    public static bool InvitationOpen(AccountState state, string tokenHash, DateTime now) =>
        state.InvitationHash is { } hash
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(hash), System.Text.Encoding.ASCII.GetBytes(tokenHash))
        && state.InvitationExpires > now;

    /// <summary>Adds a session, dropping expired ones and the oldest beyond <see cref="MaxSessions"/>.</summary>
    public static void AddSession(List<StoredSession> sessions, StoredSession session, DateTime now)
    {
        sessions.RemoveAll(s => s.ExpireTime <= now);
        sessions.Add(session);
        if (sessions.Count > MaxSessions)
        {
            sessions.RemoveRange(0, sessions.Count - MaxSessions);
        }
    }

    /// <summary>The open session stored under <paramref name="hash"/>, or null.</summary>
    public static StoredSession? FindSession(List<StoredSession> sessions, string hash, DateTime now) =>
        sessions.FirstOrDefault(s => s.Hash == hash && s.ExpireTime > now);

    private static bool IsOperator(AccountRole role) => role == AccountRole.Operator;
}
