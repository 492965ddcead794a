using System.Security.Cryptography;
using System.Text;

namespace Viidakko.Grains.Domain;

/// <summary>Ids of new referrals: lowercase base32, so they are valid resource ids.</summary>
public static class ReferralIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>
    /// A new referral id. With a request id it is derived from it, so a retried create addresses the
    /// same referral grain, which returns the referral it already made instead of making a second one.
    /// </summary>
    public static string New(string networkId, string firmId, string? requestId)
    {
        var bytes = requestId is { Length: > 0 }
            ? SHA256.HashData(Encoding.UTF8.GetBytes($"{networkId}/{firmId}/{requestId}"))
            : RandomNumberGenerator.GetBytes(16);
        return "r" + Base32(bytes)[..19];
    }

    private static string Base32(byte[] bytes)
    {
        var text = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        return text.ToString();
    }
}
