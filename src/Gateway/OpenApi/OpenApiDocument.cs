using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Api;
using Google.Protobuf.Reflection;
using Viidakko.Api.V1;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Viidakko.Gateway.OpenApi;

/// <summary>
/// The HTTP/JSON API's OpenAPI 3 document, made from the protos themselves: every RPC of every
/// service at its <c>google.api.http</c> binding, with path and query parameters, the request body,
/// the response and the error (<c>google.rpc.Status</c>), so it cannot drift from what is served.
/// </summary>
public static class OpenApiDocument
{
    /// <summary>Where the gateway serves it.</summary>
    public const string Path = "/openapi/v1.json";

    /// <summary>The document, made once.</summary>
    public static Lazy<string> Json { get; } = new(() => Build(Services()).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>Every service of the public API (package <c>viidakko.v1</c>), by name.</summary>
    public static IReadOnlyList<ServiceDescriptor> Services() =>
        [.. typeof(AdminService).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(AdminService).Namespace && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>()
            .Where(f => f.Package == "viidakko.v1")
            .SelectMany(f => f.Services)
            .OrderBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>The document of <paramref name="services"/>.</summary>
    public static JsonObject Build(IEnumerable<ServiceDescriptor> services)
    {
        var schemas = new OpenApiSchemas();
        var paths = new JsonObject();
        var tags = new JsonArray();
        foreach (var service in services)
        {
            tags.Add(new JsonObject { ["name"] = service.Name });
            foreach (var method in service.Methods)
            {
                var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http)
                    ?? throw new InvalidOperationException($"{method.FullName} has no google.api.http binding.");
                var (verb, template) = Binding(rule);
                var path = HttpPathTemplate.Parse(template);
                if (paths[path.Path] is not JsonObject item)
                {
                    paths[path.Path] = item = [];
                }

                item[verb] = Operation(service, method, rule, verb, path, schemas);
            }
        }

        var status = schemas.For(Google.Rpc.Status.Descriptor);
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "Viidakko",
                ["version"] = "v1",
                ["description"] = "The hub's public API over HTTP/JSON: each gRPC method of the protos (protos/viidakko/v1) at its "
                    + "google.api.http binding, with the same keys and rules. Authenticate with `Authorization: Bearer <firm or admin key>`. "
                    + "Errors are google.rpc.Status JSON with the HTTP status of their code. A resource name in a path "
                    + "(networks/{network}/firms/{firm}) is the gRPC field the path names.",
            },
            ["tags"] = tags,
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas.Components,
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "A firm's API key, or the operator's admin key for AdminService." },
                },
                ["responses"] = new JsonObject
                {
                    ["Error"] = new JsonObject
                    {
                        ["description"] = "google.rpc.Status: code, message, and details (ErrorInfo with the reason, BadRequest with field violations).",
                        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = status } },
                    },
                },
            },
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }),
        };
    }

    private static JsonObject Operation(ServiceDescriptor service, MethodDescriptor method, HttpRule rule, string verb, HttpPathTemplate path, OpenApiSchemas schemas)
    {
        var parameters = new JsonArray();
        foreach (var name in path.Parameters)
        {
            parameters.Add(new JsonObject { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        // Without a body, the request's other top-level scalar fields are query parameters.
        if (string.IsNullOrEmpty(rule.Body))
        {
            foreach (var field in method.InputType.Fields.InDeclarationOrder()
                .Where(f => !path.BoundFields.Contains(f.Name) && f.FieldType is not (FieldType.Message or FieldType.Group)))
            {
                var schema = field.FieldType == FieldType.Enum
                    ? new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. field.EnumType.Values.Select(v => JsonValue.Create(v.Name))]) }
                    : new JsonObject { ["type"] = field.FieldType switch { FieldType.Bool => "boolean", FieldType.Int32 or FieldType.UInt32 or FieldType.SInt32 => "integer", _ => "string" } };
                parameters.Add(new JsonObject { ["name"] = field.JsonName, ["in"] = "query", ["schema"] = field.IsRepeated ? new JsonObject { ["type"] = "array", ["items"] = schema } : schema });
            }
        }

        var response = schemas.For(method.OutputType);
        var operation = new JsonObject
        {
            ["tags"] = new JsonArray(service.Name),
            ["operationId"] = $"{service.Name}_{method.Name}",
            ["summary"] = $"{service.Name}.{method.Name}",
            ["description"] = $"gRPC: /{service.FullName}/{method.Name}"
                + (method.IsServerStreaming ? ". A stream: the response stays open and carries one JSON object after another." : ""),
            ["parameters"] = parameters,
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = method.IsServerStreaming ? $"{method.OutputType.Name} objects, one after another" : method.OutputType.Name,
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = response } },
                },
                ["default"] = new JsonObject { ["$ref"] = "#/components/responses/Error" },
            },
        };
        if (!string.IsNullOrEmpty(rule.Body))
        {
            var body = rule.Body == "*" ? schemas.For(method.InputType) : schemas.For(method.InputType.FindFieldByName(rule.Body).MessageType);
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = body } },
            };
        }

        return operation;
    }

    private static (string Verb, string Template) Binding(HttpRule rule) => rule.PatternCase switch
    {
        HttpRule.PatternOneofCase.Get => ("get", rule.Get),
        HttpRule.PatternOneofCase.Post => ("post", rule.Post),
        HttpRule.PatternOneofCase.Put => ("put", rule.Put),
        HttpRule.PatternOneofCase.Patch => ("patch", rule.Patch),
        HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
        _ => throw new InvalidOperationException($"Unsupported HTTP binding {rule.PatternCase}."),
    };
}
