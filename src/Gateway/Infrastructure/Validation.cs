using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf.WellKnownTypes;

namespace Viidakko.Gateway.Infrastructure;

/// <summary>
/// Collects every problem with a request before anything is touched, so the caller gets all field
/// violations at once and nothing is half-written.
/// </summary>
public sealed class Violations
{
    private readonly List<FieldViolation> _list = [];

    /// <summary>Records a violation.</summary>
    public void Add(string field, string description) => _list.Add(new FieldViolation(field, description));

    /// <summary>True when nothing was recorded.</summary>
    public bool IsEmpty => _list.Count == 0;

    /// <summary>Throws INVALID_ARGUMENT with BadRequest details when anything was recorded.</summary>
    public void ThrowIfAny()
    {
        if (_list.Count > 0)
        {
            throw DomainException.InvalidFields(_list);
        }
    }

    /// <summary>Checks an id (lowercase letters, digits, inner hyphens).</summary>
    public bool Id(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, "is required");
            return false;
        }

        if (!ResourceIds.IsValid(value))
        {
            Add(field, $"must be 1–{ResourceIds.MaxIdLength} lowercase letters, digits or inner hyphens");
            return false;
        }

        return true;
    }

    /// <summary>Checks a text length (and presence when required).</summary>
    public void Text(string field, string? value, int max, bool required = false)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required");
        }
        else if (value is not null && value.Length > max)
        {
            Add(field, $"must be at most {max} characters");
        }
    }

    /// <summary>Checks an optional e-mail address's shape.</summary>
    public void Email(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var at = value.IndexOf('@');
        if (value.Length > 254 || at <= 0 || at != value.LastIndexOf('@') || at == value.Length - 1 || value.Contains(' ') || !value[(at + 1)..].Contains('.'))
        {
            Add(field, "must be an e-mail address like name@example.fi");
        }
    }

    /// <summary>Checks an integer range.</summary>
    public void Range(string field, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            Add(field, $"must be between {min} and {max}");
        }
    }

    /// <summary>Checks a budget range in euro cents (0 = not stated); <paramref name="prefix"/> ends with a dot or is empty.</summary>
    public void Budget(string prefix, long minCents, long maxCents)
    {
        if (minCents < 0) Add($"{prefix}budget_min_cents", "must not be negative");
        if (maxCents < 0) Add($"{prefix}budget_max_cents", "must not be negative");
        if (maxCents > 0 && maxCents < minCents) Add($"{prefix}budget_max_cents", "must be at least budget_min_cents");
    }

    /// <summary>Parses an optional <c>YYYY-MM-DD</c> date.</summary>
    public DateOnly? Date(string field, string? value, DateOnly? notBefore = null)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Add(field, "must be a date YYYY-MM-DD");
            return null;
        }

        if (notBefore is { } earliest && date < earliest)
        {
            Add(field, "must not be in the past");
        }

        return date;
    }

    /// <summary>Checks that an enum value is defined and (when required) not UNSPECIFIED.</summary>
    public void Enum<T>(string field, T value, bool required) where T : struct, System.Enum
    {
        if (!System.Enum.IsDefined(value))
        {
            Add(field, "is not a known value");
        }
        else if (required && Convert.ToInt32(value, CultureInfo.InvariantCulture) == 0)
        {
            Add(field, "is required");
        }
    }

    /// <summary>Checks an optional idempotency key.</summary>
    public string? RequestId(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > 100)
        {
            Add("request_id", "must be at most 100 characters");
        }

        return value;
    }

    /// <summary>A page size: 0 means the default; above the maximum is lowered to it (AIP-158).</summary>
    public int PageSize(int value, int defaultSize = 50, int max = 1000)
    {
        if (value < 0)
        {
            Add("page_size", "must not be negative");
            return defaultSize;
        }

        return value == 0 ? defaultSize : Math.Min(value, max);
    }

    /// <summary>An optional timestamp, in UTC.</summary>
    public DateTime? Time(string field, Timestamp? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Seconds < -62135596800 || value.Seconds > 253402300799 || value.Nanos is < 0 or > 999_999_999)
        {
            Add(field, "is not a valid timestamp");
            return null;
        }

        return value.ToDateTime();
    }
}

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

/// <summary>
/// Opaque page tokens (AIP-158). A token remembers where the last page ended and a hash of the
/// query, so it cannot be replayed against a different filter or parent.
/// </summary>
public static class PageTokens
{
    /// <summary>Makes a token, or empty when there is no next page.</summary>
    public static string Make(string? afterKey, string query) =>
        afterKey is null ? "" : Base64UrlEncode($"1|{QueryHash(query)}|{afterKey}");

    /// <summary>Reads a token made for the same query; null for the first page.</summary>
    public static string? Read(Violations v, string? token, string query)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var parts = Base64UrlDecode(token).Split('|', 3);
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

    private static string Base64UrlEncode(string s) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Base64UrlDecode(string s)
    {
        var b = s.Replace('-', '+').Replace('_', '/');
        b += new string('=', (4 - b.Length % 4) % 4);
        return Encoding.UTF8.GetString(Convert.FromBase64String(b));
    }
}
