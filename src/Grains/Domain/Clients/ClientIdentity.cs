namespace Viidakko.Grains.Domain;

/// <summary>
/// A client's identity for conflict and custody checks: the same company registered twice, by
/// different firms or under different ids, gets the same identity.
/// </summary>
public static class ClientIdentity
{
    // Addresses at these domains identify a person, not a company: use the whole address.
    private static readonly HashSet<string> PersonalDomains = new(StringComparer.Ordinal)
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.fi", "live.com", "msn.com",
        "yahoo.com", "icloud.com", "me.com", "proton.me", "protonmail.com", "gmx.com", "aol.com",
        "luukku.com", "suomi24.fi", "elisanet.fi", "kolumbus.fi", "saunalahti.fi", "welho.com",
    };

    /// <summary>Separates the identities of one client in its normalized identity.</summary>
    public const char Separator = '|';

    /// <summary>
    /// Every identity a client can be recognised by, joined with <see cref="Separator"/>:
    /// <c>bid:&lt;letters and digits&gt;</c> from a business id (a Finnish VAT number <c>FI12345678</c>
    /// counts as the business id <c>1234567-8</c>), and <c>domain:&lt;domain&gt;</c> from a company
    /// e-mail or <c>email:&lt;address&gt;</c> for a personal one. Empty when there is neither.
    /// </summary>
    public static string Normalize(string? businessId, string? email)
    {
        var parts = new List<string>(2);
        if (!string.IsNullOrWhiteSpace(businessId))
        {
            var compact = new string(businessId.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
            if (compact.Length == 10 && compact.StartsWith("fi", StringComparison.Ordinal) && compact[2..].All(char.IsAsciiDigit))
            {
                compact = compact[2..];
            }

            if (compact.Length > 0)
            {
                parts.Add("bid:" + compact);
            }
        }

        if (!string.IsNullOrWhiteSpace(email))
        {
            var address = email.Trim().ToLowerInvariant();
            var at = address.LastIndexOf('@');
            if (at > 0 && at < address.Length - 1)
            {
                var domain = address[(at + 1)..].TrimEnd('.');
                parts.Add(PersonalDomains.Contains(domain) ? "email:" + address : "domain:" + domain);
            }
        }

        return string.Join(Separator, parts);
    }

    /// <summary>The single identities inside a normalized identity.</summary>
    public static string[] Parts(string identity) =>
        identity.Split(Separator, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True when two normalized identities share any identity: the same client.</summary>
    public static bool Overlaps(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return false;
        }

        var left = Parts(a);
        foreach (var part in Parts(b))
        {
            if (Array.IndexOf(left, part) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
