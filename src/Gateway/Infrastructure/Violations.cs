using System.Globalization;
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

    /// <summary>
    /// Checks a text: presence when required, length, and characters no person means: control
    /// characters (a <paramref name="multiline"/> text may hold line breaks and tabs) and the
    /// bidirectional embeddings, overrides and isolates that make text display other than it reads.
    /// </summary>
    public void Text(string field, string? value, int max, bool required = false, bool multiline = false)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required");
        }
        else if (value is not null && value.Length > max)
        {
            Add(field, $"must be at most {max} characters");
        }
        else if (value is not null && TextRules.FirstForbidden(value, multiline) is { } index)
        {
            Add(field, $"must not contain control or text-direction characters (U+{(int)value[index]:X4} at position {index})"
                + (multiline ? "; line breaks and tabs are fine" : ""));
        }
    }

    /// <summary>Checks an amount of money in euro cents: 0 (or 1 when required) up to <see cref="Money.MaxCents"/>.</summary>
    public void Money(string field, long cents, bool required = false)
    {
        if (cents < (required ? 1 : 0) || cents > Viidakko.Money.MaxCents)
        {
            Add(field, $"must be between {(required ? 1 : 0)} and {Viidakko.Money.MaxCents} cents ({Viidakko.Money.MaxCents / 100:N0} €)");
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
        if (value.Length > 254 || at <= 0 || at != value.LastIndexOf('@') || at == value.Length - 1 || value.Contains(' ') || !value[(at + 1)..].Contains('.')
            || TextRules.FirstForbidden(value, multiline: false) is not null)
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
        Money($"{prefix}budget_min_cents", minCents);
        Money($"{prefix}budget_max_cents", maxCents);
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

        if (date < PlausibleDates.Earliest || date > PlausibleDates.Latest)
        {
            Add(field, $"must be between {PlausibleDates.Earliest:yyyy-MM-dd} and {PlausibleDates.Latest:yyyy-MM-dd}");
        }
        else if (notBefore is { } earliest && date < earliest)
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

        var time = value.ToDateTime();
        if (DateOnly.FromDateTime(time) is var day && (day < PlausibleDates.Earliest || day > PlausibleDates.Latest))
        {
            Add(field, $"must be between {PlausibleDates.Earliest:yyyy-MM-dd} and {PlausibleDates.Latest:yyyy-MM-dd}");
            return null;
        }

        return time;
    }
}
