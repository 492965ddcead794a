namespace Viidakko.Gateway.Auth;

/// <summary>A person signed in to the web app: who acts, and whether they may invite their firm's people.</summary>
public sealed record CallerPerson(string Email, string DisplayName, AccountRole Role);
