using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Viidakko.Gateway.Auth;

/// <summary>
/// Session ids (<c>vs1.{e-mail}.{secret}</c>) and invitation tokens (<c>vi1.{e-mail}.{secret}</c>):
/// the e-mail part (base64url) routes the check to the person's account grain without a lookup
/// table; the secret is 256 random bits and the account stores only a SHA-256 hash of the whole token.
/// </summary>
public static class PersonTokens
{
    /// <summary>Prefix of a session id.</summary>
    public const string Session = "vs1";

    /// <summary>Prefix of an invitation token.</summary>
    public const string Invitation = "vi1";

    /// <summary>The account key of an e-mail address: lower case, trimmed.</summary>
    public static string AccountKey(string email) => email.Trim().ToLowerInvariant();

    /// <summary>A new random token of the kind <paramref name="prefix"/> for the account <paramref name="accountKey"/>.</summary>
    public static string New(string prefix, string accountKey) =>
        $"{prefix}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(accountKey))}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";

    /// <summary>Reads the account key out of a token of the kind <paramref name="prefix"/>, without trusting it.</summary>
    public static bool TryReadAccount(string prefix, string? token, out string accountKey)
    {
        accountKey = "";
        var parts = token?.Split('.');
        if (parts is not { Length: 3 } || parts[0] != prefix || parts[2].Length < 40 || parts[1].Length is 0 or > 400)
        {
            return false;
        }

        try
        {
            accountKey = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]));
        }
        catch (FormatException)
        {
            return false;
        }

        return accountKey.Length > 0 && accountKey == AccountKey(accountKey);
    }
}
