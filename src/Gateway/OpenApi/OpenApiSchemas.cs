using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;

namespace Viidakko.Gateway.OpenApi;

/// <summary>
/// JSON schemas of protobuf messages as their proto3 JSON mapping writes them (camelCase names,
/// 64-bit integers and timestamps as strings, enums by name), collected under <c>components/schemas</c>.
/// </summary>
public sealed class OpenApiSchemas
{
    private readonly JsonObject _schemas = [];

    /// <summary>Everything referred to so far, by full message name.</summary>
    public JsonObject Components => _schemas;

    /// <summary>A schema for <paramref name="message"/>: an inline one for the well-known types, else a reference.</summary>
    public JsonNode For(MessageDescriptor message)
    {
        switch (message.FullName)
        {
            case "google.protobuf.Timestamp": return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
            case "google.protobuf.Duration": return new JsonObject { ["type"] = "string", ["example"] = "1.5s" };
            case "google.protobuf.FieldMask": return new JsonObject { ["type"] = "string", ["description"] = "Comma-separated field paths (camelCase)." };
            case "google.protobuf.Empty": return new JsonObject { ["type"] = "object" };
            case "google.protobuf.Any": return new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["@type"] = new JsonObject { ["type"] = "string" } } };
            case "google.protobuf.Struct": return new JsonObject { ["type"] = "object" };
            case "google.protobuf.Value": return new JsonObject();
        }

        if (message.FullName.StartsWith("google.protobuf.", StringComparison.Ordinal) && message.FullName.EndsWith("Value", StringComparison.Ordinal))
        {
            // Wrappers: the wrapped scalar, or null.
            return Scalar(message.Fields.InFieldNumberOrder()[0]);
        }

        if (!_schemas.ContainsKey(message.FullName))
        {
            var properties = new JsonObject();
            _schemas[message.FullName] = new JsonObject { ["type"] = "object", ["properties"] = properties };
            foreach (var field in message.Fields.InDeclarationOrder())
            {
                properties[field.JsonName] = Field(field);
            }
        }

        return new JsonObject { ["$ref"] = $"#/components/schemas/{message.FullName}" };
    }

    private JsonNode Field(FieldDescriptor field)
    {
        if (field.IsMap)
        {
            var value = field.MessageType.FindFieldByNumber(2);
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = Single(value) };
        }

        return field.IsRepeated ? new JsonObject { ["type"] = "array", ["items"] = Single(field) } : Single(field);
    }

    private JsonNode Single(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Message or FieldType.Group => For(field.MessageType),
        FieldType.Enum => new JsonObject
        {
            ["type"] = "string",
            ["enum"] = new JsonArray([.. field.EnumType.Values.Select(v => JsonValue.Create(v.Name))]),
        },
        _ => Scalar(field),
    };

    private static JsonObject Scalar(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Bool => new() { ["type"] = "boolean" },
        FieldType.String => new() { ["type"] = "string" },
        FieldType.Bytes => new() { ["type"] = "string", ["format"] = "byte" },
        FieldType.Double => new() { ["type"] = "number", ["format"] = "double" },
        FieldType.Float => new() { ["type"] = "number", ["format"] = "float" },
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => new() { ["type"] = "integer", ["format"] = "int32" },
        FieldType.UInt32 or FieldType.Fixed32 => new() { ["type"] = "integer", ["format"] = "int64", ["minimum"] = 0 },
        // proto3 JSON writes 64-bit integers as strings (JavaScript numbers lose precision beyond 2^53).
        _ => new() { ["type"] = "string", ["format"] = "int64" },
    };
}
