namespace Viidakko.Grains;

/// <summary>Persistent state of one person's sign-in account. Hashes only: no password, token or session id is stored as given.</summary>
[GenerateSerializer, Alias("viidakko.AccountState")]
public sealed class AccountState
{
    [Id(0)] public string Email { get; set; } = "";
    [Id(1)] public string DisplayName { get; set; } = "";
    [Id(2)] public AccountRole Role { get; set; }
    [Id(3)] public string NetworkId { get; set; } = "";
    [Id(4)] public string FirmId { get; set; } = "";
    /// <summary>The password's salted, slow hash (ASP.NET Core Identity's format); null until an invitation is accepted.</summary>
    [Id(5)] public string? PasswordHash { get; set; }
    /// <summary>The open invitation's token hash; null once used.</summary>
    [Id(6)] public string? InvitationHash { get; set; }
    [Id(7)] public DateTime InvitationExpires { get; set; }
    /// <summary>Wrong passwords in a row, and the lock they led to (see <see cref="SignInThrottle"/>).</summary>
    [Id(8)] public SignInLock Lock { get; set; } = SignInLock.Open;
    /// <summary>Signed-in sessions, newest last (at most <see cref="AccountRules.MaxSessions"/>).</summary>
    [Id(9)] public List<StoredSession> Sessions { get; set; } = [];
}
