using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;

namespace Viidakko.Bench.Service.Infrastructure;

/// <summary>Collects every invalid field of a request, then fails once with all of them (BadRequest).</summary>
internal sealed partial class Violations
{
    private readonly List<(string Field, string Description)> _list = [];

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    public static bool IsId([NotNullWhen(true)] string? value) => value is not null && IdPattern().IsMatch(value);

    public void Add(string field, string description) => _list.Add((field, description));

    public void ThrowIfAny()
    {
        if (_list.Count > 0)
        {
            var summary = string.Join("; ", _list.Select(v => $"{v.Field} {v.Description}"));
            throw Fail.Build(Google.Rpc.Code.InvalidArgument, $"Invalid request: {summary}.", "INVALID_ARGUMENT", _list);
        }
    }

    public bool Id(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, "is required");
            return false;
        }

        if (!IsId(value))
        {
            Add(field, "must be 1–63 lowercase letters, digits or inner hyphens");
            return false;
        }

        return true;
    }

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

    public void Range(string field, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            Add(field, $"must be between {min} and {max}");
        }
    }

    public void Range(string field, double value, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            Add(field, $"must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>A proto enum value: defined, and not UNSPECIFIED when required.</summary>
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

    public void Date(string field, string? value, DateOnly? notBefore = null)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Add(field, "must be a date YYYY-MM-DD");
        }
        else if (notBefore is { } earliest && date < earliest)
        {
            Add(field, "must not be in the past");
        }
    }

    /// <summary>An optional point in time, as UTC.</summary>
    public DateTime? Time(string field, Timestamp? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Seconds < Timestamp.FromDateTime(DateTime.UnixEpoch).Seconds || value.Nanos is < 0 or > 999_999_999)
        {
            Add(field, "is not a valid time");
            return null;
        }

        return value.ToDateTime();
    }

    /// <summary>An optional AIP-155 request id; null when absent.</summary>
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
}

/// <summary>Resource names (AIP-122) split into their ids.</summary>
internal static class Names
{
    /// <summary>Parses <paramref name="name"/> against a pattern such as <c>networks/*/firms/*</c>; null (with a violation) when it does not fit.</summary>
    public static string[]? Parse(Violations v, string field, string? name, params string[] collections)
    {
        var parts = (name ?? "").Split('/');
        if (string.IsNullOrEmpty(name) || parts.Length != collections.Length * 2)
        {
            v.Add(field, string.IsNullOrEmpty(name) ? "is required" : $"must look like {Pattern(collections)}");
            return null;
        }

        var ids = new string[collections.Length];
        for (var i = 0; i < collections.Length; i++)
        {
            if (parts[2 * i] != collections[i] || !Violations.IsId(parts[2 * i + 1]))
            {
                v.Add(field, $"must look like {Pattern(collections)} with lowercase ids");
                return null;
            }

            ids[i] = parts[2 * i + 1];
        }

        return ids;
    }

    public static string Network(string networkId) => $"networks/{networkId}";

    public static string Firm(string networkId, string firmId) => $"networks/{networkId}/firms/{firmId}";

    public static string Client(string networkId, string firmId, string clientId) => $"networks/{networkId}/firms/{firmId}/clients/{clientId}";

    public static string Partnership(string networkId, string firmId, string partnerId) => $"networks/{networkId}/firms/{firmId}/partnerships/{partnerId}";

    public static string Referral(string networkId, Guid id) => $"networks/{networkId}/referrals/{id:N}";

    private static string Pattern(string[] collections) => string.Join("/", collections.Select(c => $"{c}/{{{c.TrimEnd('s')}}}"));
}
