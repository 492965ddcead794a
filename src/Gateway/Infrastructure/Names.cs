using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf.WellKnownTypes;

namespace Viidakko.Gateway.Infrastructure;

/// <summary>AIP-122 resource names.</summary>
public static class Names
{
    /// <summary><c>networks/{network}</c>.</summary>
    public static string Network(string networkId) => $"networks/{networkId}";

    /// <summary><c>networks/{network}/firms/{firm}</c>.</summary>
    public static string Firm(string networkId, string firmId) => $"networks/{networkId}/firms/{firmId}";

    /// <summary><c>networks/{network}/firms/{firm}/partnerships/{partner}</c>.</summary>
    public static string Partnership(string networkId, string firmId, string partnerId) => $"networks/{networkId}/firms/{firmId}/partnerships/{partnerId}";

    /// <summary><c>networks/{network}/firms/{firm}/clients/{client}</c>.</summary>
    public static string Client(string networkId, string firmId, string clientId) => $"networks/{networkId}/firms/{firmId}/clients/{clientId}";

    /// <summary><c>networks/{network}/referrals/{referral}</c>.</summary>
    public static string Referral(string networkId, string referralId) => $"networks/{networkId}/referrals/{referralId}";

    /// <summary>
    /// Parses a name against a pattern like <c>networks/*/firms/*</c>, returning the ids, or null
    /// (with a violation recorded) when it does not match.
    /// </summary>
    public static string[]? Parse(Violations v, string field, string? name, params string[] collections)
    {
        if (string.IsNullOrEmpty(name))
        {
            v.Add(field, "is required");
            return null;
        }

        var parts = name.Split('/');
        var pattern = string.Join('/', collections.Select(c => c + "/{id}"));
        if (parts.Length != collections.Length * 2)
        {
            v.Add(field, $"must be a resource name like {pattern}");
            return null;
        }

        var ids = new string[collections.Length];
        for (var i = 0; i < collections.Length; i++)
        {
            if (parts[i * 2] != collections[i] || !ResourceIds.IsValid(parts[i * 2 + 1]))
            {
                v.Add(field, $"must be a resource name like {pattern} with lowercase ids");
                return null;
            }

            ids[i] = parts[i * 2 + 1];
        }

        return ids;
    }
}
