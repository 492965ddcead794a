using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Viidakko.Silo.Storage;

/// <summary>
/// The one JSON shape grain state is stored in. Its number goes into the <c>format_version</c>
/// column next to each payload.
/// </summary>
/// <remarks>
/// Stored state outlives the C# types that wrote it. Orleans' default storage serializer writes
/// assembly-qualified <c>$type</c> names, so renaming or moving a state class makes old rows
/// unreadable. This format therefore never writes a type name: the payload holds only the data,
/// and the grain's declared state type decides how it is read. Property names are camelCase,
/// enums are written by name (an enum member's number may be reordered; its name is its meaning),
/// and unknown properties are skipped so that a row written by a newer build is still readable by
/// an older one during a rolling deployment.
/// The column rather than an envelope inside the JSON keeps the payload a plain document that a
/// PostgreSQL <c>jsonb</c> column can index and query directly. Should the shape ever have to
/// change (say, a different date encoding), rows keep their old number and
/// <see cref="Deserialize{T}"/> learns to read both.
/// </remarks>
internal static class GrainStateJsonFormat
{
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static string Serialize<T>(T state) => JsonSerializer.Serialize(state, Options);

    public static T? Deserialize<T>(string payload, int formatVersion)
    {
        CheckVersion(formatVersion);
        return JsonSerializer.Deserialize<T>(payload, Options);
    }

    /// <summary>One entry of an <see cref="Viidakko.ItemMap{TValue}"/>, in the same format.</summary>
    public static string SerializeItem(object item, Type type) => JsonSerializer.Serialize(item, type, Options);

    public static object? DeserializeItem(string payload, Type type, int formatVersion)
    {
        CheckVersion(formatVersion);
        return JsonSerializer.Deserialize(payload, type, Options);
    }

    private static void CheckVersion(int formatVersion)
    {
        if (formatVersion != CurrentVersion)
        {
            // A newer build wrote this row; guessing would risk silently losing data on the next write.
            throw new NotSupportedException(
                $"Stored grain state has format version {formatVersion}; this build reads only version {CurrentVersion}.");
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            // Dictionary keys are data (grain ids, skill names), not member names: keep them as they are.
            DictionaryKeyPolicy = null,
            PropertyNameCaseInsensitive = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            // State classes that expose a collection as a get-only property would otherwise come back
            // empty without any error. The price: a constructor that pre-fills a collection gets the
            // stored items appended, so state types must start with empty collections.
            PreferredObjectCreationHandling = JsonObjectCreationHandling.Populate,
            IncludeFields = true,
            // Storage is not HTML: keep "ä" readable in the database instead of "\u00E4".
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = false,
            // Item maps are stored one row per entry beside the state, never inside it. They are
            // still read from a payload, which is how state written before a collection became an
            // item map moves into rows: the entries come back marked changed, so the next write
            // stores them as items.
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { SkipItemMapsOnWrite } },
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly();
        return options;
    }

    private static void SkipItemMapsOnWrite(JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
        {
            if (typeof(IItemMap).IsAssignableFrom(property.PropertyType))
            {
                property.ShouldSerialize = static (_, _) => false;
            }
        }
    }
}
