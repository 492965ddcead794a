using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Viidakko.Grains.Domain;

/// <summary>
/// Signs webhook bodies so a receiver can tell that a delivery came from the hub and was not
/// replayed. The header reads <c>t=1767225600,v1=5f0c…</c>: the send time in Unix seconds and the
/// lowercase hex HMAC-SHA256 of <c>"&lt;t&gt;." + body</c>, keyed with the endpoint's secret.
/// Putting the time inside the signed message is what lets a receiver refuse an old delivery that
/// someone captured and sends again.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The HTTP header that carries the signature.</summary>
    public const string HeaderName = "Viidakko-Signature";

    /// <summary>What every secret made by <see cref="NewSecret"/> starts with, so a leaked one is easy to recognise.</summary>
    public const string SecretPrefix = "whsec_";

    private const int SignatureBytes = 32;

    /// <summary>
    /// The header value for <paramref name="body"/> sent at <paramref name="unixSeconds"/>:
    /// <c>t=&lt;unixSeconds&gt;,v1=&lt;lowercase hex HMAC-SHA256&gt;</c>.
    /// </summary>
    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        Span<byte> mac = stackalloc byte[SignatureBytes];
        ComputeMac(secret, unixSeconds, body, mac);
        return string.Create(CultureInfo.InvariantCulture, $"t={unixSeconds},v1={Convert.ToHexStringLower(mac)}");
    }

    /// <summary>
    /// Whether <paramref name="header"/> is a valid signature of <paramref name="body"/> with
    /// <paramref name="secret"/>, made no more than <paramref name="tolerance"/> before or after
    /// <paramref name="now"/>. Fields other than <c>t</c> and <c>v1</c> are ignored, so the format
    /// can grow; any one of several <c>v1</c> values may match, so a sender can sign with an old and
    /// a new secret while a secret is being rotated. A header with no time, two times, or a time
    /// outside the tolerance is refused: that is what stops a replay.
    /// </summary>
    public static bool Verify(string secret, string header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentOutOfRangeException.ThrowIfLessThan(tolerance, TimeSpan.Zero);
        if (string.IsNullOrEmpty(header) || !TryReadTime(header, out var unixSeconds) || !IsFresh(unixSeconds, now, tolerance))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[SignatureBytes];
        ComputeMac(secret, unixSeconds, body, expected);
        Span<byte> offered = stackalloc byte[SignatureBytes];
        foreach (var range in header.AsSpan().Split(','))
        {
            var field = header.AsSpan(range).Trim();
            if (!field.StartsWith("v1=", StringComparison.Ordinal))
            {
                continue;
            }

            var hex = field[3..];
            if (hex.Length == 2 * SignatureBytes
                && Convert.FromHexString(hex, offered, out _, out var written) == System.Buffers.OperationStatus.Done
                && written == SignatureBytes
                && CryptographicOperations.FixedTimeEquals(expected, offered))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A new endpoint secret: <c>whsec_</c> and 32 random bytes in unpadded base64url.</summary>
    public static string NewSecret() => SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static void ComputeMac(string secret, long unixSeconds, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        Span<byte> prefix = stackalloc byte[24];
        unixSeconds.TryFormat(prefix, out var length, provider: CultureInfo.InvariantCulture);
        prefix[length++] = (byte)'.';
        hmac.AppendData(prefix[..length]);
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }

    /// <summary>Reads the one <c>t=</c> field; false when it is missing, repeated or not plain digits.</summary>
    private static bool TryReadTime(string header, out long unixSeconds)
    {
        unixSeconds = 0;
        var found = false;
        foreach (var range in header.AsSpan().Split(','))
        {
            var field = header.AsSpan(range).Trim();
            if (!field.StartsWith("t=", StringComparison.Ordinal))
            {
                continue;
            }

            if (found || !long.TryParse(field[2..], NumberStyles.None, CultureInfo.InvariantCulture, out unixSeconds))
            {
                return false;
            }

            found = true;
        }

        return found;
    }

    private static bool IsFresh(long unixSeconds, DateTimeOffset now, TimeSpan tolerance)
    {
        // Beyond year 9999 FromUnixTimeSeconds would throw; such a time is never fresh anyway.
        if (unixSeconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        return (now - DateTimeOffset.FromUnixTimeSeconds(unixSeconds)).Duration() <= tolerance;
    }
}
