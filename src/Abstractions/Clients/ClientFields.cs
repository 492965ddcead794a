namespace Viidakko;

/// <summary>Which client fields an update touches.</summary>
public static class ClientFields
{
    public const string DisplayName = "display_name";
    public const string BusinessId = "business_id";
    public const string Contact = "contact";
    public const string Keep = "keep";
    public const string Notes = "notes";

    /// <summary>Every path a custodian may update.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
        { DisplayName, BusinessId, Contact, Keep, Notes };
}
