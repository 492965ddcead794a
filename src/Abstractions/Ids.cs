using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Viidakko;

/// <summary>
/// Resource ids and the grain keys built from them. Every key starts with the network id, so a
/// key for one network can never address another network's grain.
/// </summary>
public static partial class ResourceIds
{
    /// <summary>Longest id we accept; keeps grain keys far below Orleans' 512-character advice.</summary>
    public const int MaxIdLength = 63;

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    /// <summary>True when <paramref name="id"/> is lowercase letters, digits and inner hyphens, 1–63 chars.</summary>
    public static bool IsValid([NotNullWhen(true)] string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>Key of a network grain.</summary>
    public static string NetworkKey(string networkId) => networkId;

    /// <summary>Key of a firm grain: <c>network/firm</c>.</summary>
    public static string FirmKey(string networkId, string firmId) => $"{networkId}/{firmId}";

    /// <summary>Key of a client grain: <c>network/custodian-firm/client</c>.</summary>
    public static string ClientKey(string networkId, string firmId, string clientId) => $"{networkId}/{firmId}/{clientId}";

    /// <summary>Key of a referral grain: <c>network/referral</c>.</summary>
    public static string ReferralKey(string networkId, string referralId) => $"{networkId}/{referralId}";

    /// <summary>Splits a grain key built by this class back into its parts.</summary>
    public static string[] SplitKey(string key) => key.Split('/');
}
