using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Viidakko.Gateway.Auth;

/// <summary>
/// Firm API keys look like <c>vk1.{network}.{firm}.{secret}</c>: the hub can route the check to the
/// right firm grain without any lookup table, and stores only a SHA-256 hash of the whole key (the
/// secret is 256 random bits, so a fast hash is enough; no password stretching is needed).
/// </summary>
public static class ApiKeys
{
    private const string Prefix = "vk1";

    /// <summary>A new random key for a firm.</summary>
    public static string NewFirmKey(string networkId, string firmId) =>
        $"{Prefix}.{networkId}.{firmId}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";

    /// <summary>A new random operator key.</summary>
    public static string NewAdminKey() => "vka." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Hex SHA-256 of a key, as stored.</summary>
    public static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Reads the network and firm out of a firm key, without trusting it.</summary>
    public static bool TryParseFirmKey(string key, out string networkId, out string firmId)
    {
        networkId = firmId = "";
        var parts = key.Split('.');
        if (parts.Length != 4 || parts[0] != Prefix || !ResourceIds.IsValid(parts[1]) || !ResourceIds.IsValid(parts[2]) || parts[3].Length < 16)
        {
            return false;
        }

        networkId = parts[1];
        firmId = parts[2];
        return true;
    }

    /// <summary>Constant-time comparison of two keys.</summary>
    public static bool SameKey(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
