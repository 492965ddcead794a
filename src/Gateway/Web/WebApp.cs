using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace Viidakko.Gateway.Web;

/// <summary>
/// The web app: a page and its scripts and styles, built into the gateway's assembly and served by
/// the hub itself (no CDN, works offline) on the HTTP/JSON port. The page works through the same
/// HTTP/JSON API as member systems, signed in with the session cookie (<see cref="AuthEndpoints"/>).
/// </summary>
internal static class WebApp
{
    private const string ResourcePrefix = "Viidakko.Gateway.Web.app.";

    private static readonly Lazy<FrozenDictionary<string, Asset>> Assets = new(Load);

    private sealed record Asset(byte[] Content, string ContentType, string ETag);

    public static void MapWebApp(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext http) => Serve(http, "index.html"));
        app.MapGet("/app/{file}", (HttpContext http, string file) => Serve(http, file));
    }

    private static IResult Serve(HttpContext http, string file)
    {
        if (!Assets.Value.TryGetValue(file, out var asset))
        {
            return Results.NotFound();
        }

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (http.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var assets = new Dictionary<string, Asset>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var file = name[ResourcePrefix.Length..];
            assets[file] = new Asset(content, ContentType(file), $"\"{Convert.ToHexString(SHA256.HashData(content))[..16]}\"");
        }

        return assets.ToFrozenDictionary();
    }

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".json" => "application/json",
        _ => "application/octet-stream",
    };
}
