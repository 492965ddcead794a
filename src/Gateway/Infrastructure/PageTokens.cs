using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf.WellKnownTypes;

namespace Viidakko.Gateway.Infrastructure;

/// <summary>
/// Opaque page tokens (AIP-158). A token remembers where the last page ended and a hash of the
/// query, so it cannot be replayed against a different filter or parent.
/// </summary>
public static class PageTokens
{
    /// <summary>Makes a token, or empty when there is no next page.</summary>
    public static string Make(string? afterKey, string query) =>
        afterKey is null ? "" : Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"1|{QueryHash(query)}|{afterKey}"));

    /// <summary>Reads a token made for the same query; null for the first page.</summary>
    public static string? Read(Violations v, string? token, string query)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split('|', 3);
            if (parts.Length == 3 && parts[0] == "1" && parts[1] == QueryHash(query))
            {
                return parts[2];
            }
        }
        catch (FormatException)
        {
        }

        v.Add("page_token", "is not a token from a previous page of this same query");
        return null;
    }

    /// <summary>Reads a token that holds an offset into a list; 0 for the first page.</summary>
    public static int ReadOffset(Violations v, string? token, string query)
    {
        var text = Read(v, token, query);
        if (text is null)
        {
            return 0;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var offset))
        {
            v.Add("page_token", "is not a token from a previous page of this same query");
        }

        return offset;
    }

    /// <summary>Makes a token that holds the next page's offset, or empty on the last page.</summary>
    public static string MakeOffset(int? nextOffset, string query) =>
        Make(nextOffset?.ToString(System.Globalization.CultureInfo.InvariantCulture), query);

    private static string QueryHash(string query) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(query)))[..12];
}
