namespace Viidakko;

/// <summary>Which profile fields an update touches (AIP-134 update mask paths).</summary>
public static class FirmProfileFields
{
    public const string DisplayName = "display_name";
    public const string City = "city";
    public const string Description = "description";
    public const string People = "people";
    public const string Capabilities = "capabilities";
    public const string Traits = "traits";
    public const string Capacity = "capacity";
    public const string NextFreeDate = "next_free_date";

    /// <summary>Every path a firm may update.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
        { DisplayName, City, Description, People, Capabilities, Traits, Capacity, NextFreeDate };
}
