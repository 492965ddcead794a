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

    /// <summary>
    /// <c>bid:&lt;letters and digits&gt;</c> from a business id, else <c>domain:&lt;domain&gt;</c> from a
    /// company e-mail, else <c>email:&lt;address&gt;</c> for a personal address, else empty.
    /// </summary>
    public static string Normalize(string? businessId, string? email)
    {
        if (!string.IsNullOrWhiteSpace(businessId))
        {
            var compact = new string(businessId.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
            if (compact.Length > 0)
            {
                return "bid:" + compact;
            }
        }

        if (!string.IsNullOrWhiteSpace(email))
        {
            var address = email.Trim().ToLowerInvariant();
            var at = address.LastIndexOf('@');
            if (at > 0 && at < address.Length - 1)
            {
                var domain = address[(at + 1)..].TrimEnd('.');
                return PersonalDomains.Contains(domain) ? "email:" + address : "domain:" + domain;
            }
        }

        return string.Empty;
    }
}
