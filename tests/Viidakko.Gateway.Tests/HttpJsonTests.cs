using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Viidakko.Gateway.OpenApi;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// The same API over HTTP/1.1 and JSON (gRPC JSON transcoding): each RPC at its google.api.http path,
/// the same keys, the same rules, errors as google.rpc.Status JSON; an OpenAPI document that lists
/// every RPC of every service.
/// </summary>
public sealed class HttpJsonTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private readonly HubHost _hub = fixture.Hub;

    private static readonly ServiceDescriptor[] Services =
    [
        AdminService.Descriptor, FirmService.Descriptor, PartnershipService.Descriptor, ClientService.Descriptor,
        ReferralService.Descriptor, MatchService.Descriptor, FeedbackService.Descriptor, OverlapService.Descriptor,
        EventService.Descriptor, WebhookService.Descriptor, HubService.Descriptor,
    ];

    private HttpClient Http(string? key = null)
    {
        // HTTP/1.1, as a browser or a plain HTTP client speaks it.
        var http = new HttpClient { BaseAddress = new Uri(_hub.HttpAddress), DefaultRequestVersion = HttpVersion.Version11 };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    /// <summary>A new network with two partner firms.</summary>
    private async Task<(string NetworkId, FirmApi A, FirmApi B)> PartnersAsync(string prefix)
    {
        var networkId = await _hub.NewNetworkAsync(prefix);
        var a = await _hub.RegisterAsync(networkId, "lahettaja");
        var b = await _hub.RegisterAsync(networkId, "vastaanottaja");
        await Scenario.PartnerAsync(a, b, TestData.Terms(10));
        return (networkId, a, b);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    [Fact]
    public async Task A_firm_works_over_http_json_with_its_key_as_over_grpc()
    {
        var (networkId, referrer, receiver) = await PartnersAsync("http-flow");
        using var asReferrer = Http(referrer.ApiKey);
        using var asReceiver = Http(receiver.ApiKey);

        // AIP-136 custom methods and AIP-131/133 standard ones, with the body as JSON (camelCase).
        var firm = await ReadAsync(await asReferrer.GetAsync($"/v1/{referrer.Name}"), HttpStatusCode.OK);
        Assert.Equal(referrer.Name, (string?)firm["name"]);

        await ReadAsync(await asReferrer.PostAsync($"/v1/{referrer.Name}/clients?clientId=asiakas",
            Json("""{"displayName":"Asiakas Oy","contact":{"personName":"Anna","email":"anna@asiakas.fi"}}""")), HttpStatusCode.OK);
        var created = await ReadAsync(await asReferrer.PostAsync($"/v1/networks/{networkId}/referrals", Json($$$"""
            {"parent":"networks/{{{networkId}}}","referral":{"kind":"REFERRAL_KIND_REFERRAL","receiver":"{{{receiver.Name}}}","client":"{{{referrer.Client("asiakas")}}}",
             "need":{"skills":["web"],"description":"A web shop"},"warmth":4}}
            """)), HttpStatusCode.OK);
        var name = (string)created["name"]!;
        Assert.Equal("REFERRAL_STATE_PROPOSED", (string?)created["state"]);

        var accepted = await ReadAsync(await asReceiver.PostAsync($"/v1/{name}:accept", Json("""{"note":"On it"}""")), HttpStatusCode.OK);
        Assert.Equal("REFERRAL_STATE_ACCEPTED", (string?)accepted["state"]);

        // The same referral over gRPC: one API, two encodings.
        Assert.Equal(ReferralState.Accepted, (await referrer.GetReferralAsync(name)).State);
        var listed = await ReadAsync(await asReferrer.GetAsync($"/v1/{referrer.Name}/referrals?role=REFERRAL_ROLE_SENT"), HttpStatusCode.OK);
        Assert.Equal(name, (string?)listed["referrals"]![0]!["name"]);
    }

    [Fact]
    public async Task Errors_are_google_rpc_status_json_with_the_http_status_of_their_code()
    {
        var networkId = await _hub.NewNetworkAsync("http-errors");
        var firm = await _hub.RegisterAsync(networkId, "yritys");
        var other = await _hub.RegisterAsync(networkId, "toinen");

        using var anonymous = Http();
        var unauthenticated = await ReadAsync(await anonymous.GetAsync($"/v1/{firm.Name}"), HttpStatusCode.Unauthorized);
        Assert.Equal(16, (int?)unauthenticated["code"]);

        using var asFirm = Http(firm.ApiKey);
        var invalid = await ReadAsync(await asFirm.PostAsync($"/v1/{firm.Name}/clients?clientId=Bad%20Id", Json("""{"displayName":""}""")), HttpStatusCode.BadRequest);
        Assert.Equal(3, (int?)invalid["code"]);
        var details = invalid["details"]!.AsArray();
        Assert.Contains(details, d => ((string?)d!["@type"])!.EndsWith("google.rpc.BadRequest", StringComparison.Ordinal));
        Assert.Contains(details, d => ((string?)d!["@type"])!.EndsWith("google.rpc.ErrorInfo", StringComparison.Ordinal) && (string?)d["reason"] == Reasons.InvalidArgument);

        // Another firm's data: the same answer as over gRPC (and nothing of it).
        var denied = await asFirm.GetAsync($"/v1/{other.Name}/clients");
        Assert.True(denied.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, denied.StatusCode.ToString());
        Assert.DoesNotContain("clients\"", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A body larger than the HTTP/JSON limit (twice gRPC's largest message) is refused, not read.
        var huge = await asFirm.PostAsync($"/v1/{firm.Name}/clients?clientId=iso", Json($$"""{"displayName":"{{new string('x', 3 * 1024 * 1024)}}"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Contains("too large", await huge.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A member key is no operator key.
        var notOperator = await asFirm.GetAsync("/v1/networks");
        Assert.Equal(HttpStatusCode.Unauthorized, notOperator.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_has_every_rpc_of_every_service_at_its_http_path()
    {
        using var http = Http();
        var document = JsonNode.Parse(await http.GetStringAsync(OpenApiDocument.Path))!;
        Assert.Equal("3.0.3", (string?)document["openapi"]);
        var paths = document["paths"]!.AsObject();

        // Every service of the protos, and every RPC of each at its binding (none left out, none extra).
        Assert.Equal(Services.Select(s => s.Name).Order(), OpenApiDocument.Services().Select(s => s.Name).Order());
        foreach (var service in Services)
        {
            foreach (var method in service.Methods)
            {
                var rule = method.GetOptions()?.GetExtension(Google.Api.AnnotationsExtensions.Http);
                Assert.True(rule is not null, $"{service.Name}.{method.Name} has no google.api.http binding");
                var (verb, template) = rule!.PatternCase switch
                {
                    Google.Api.HttpRule.PatternOneofCase.Get => ("get", rule.Get),
                    Google.Api.HttpRule.PatternOneofCase.Post => ("post", rule.Post),
                    Google.Api.HttpRule.PatternOneofCase.Patch => ("patch", rule.Patch),
                    Google.Api.HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
                    _ => ("?", ""),
                };
                var path = HttpPathTemplate.Parse(template).Path;
                var operation = paths[path]?[verb];
                Assert.True(operation is not null, $"{service.Name}.{method.Name} ({verb} {path}) is not in the OpenAPI document");
                Assert.Equal($"{service.Name}_{method.Name}", (string?)operation!["operationId"]);
            }
        }

        var operations = paths.Sum(p => p.Value!.AsObject().Count);
        Assert.Equal(Services.Sum(s => s.Methods.Count), operations);

        // What a client generator needs: the referral's schema with its fields as JSON names them.
        var referral = document["components"]!["schemas"]!["viidakko.v1.Referral"]!["properties"]!;
        Assert.Equal("string", (string?)referral["createTime"]!["type"]);
        Assert.Equal("date-time", (string?)referral["createTime"]!["format"]);
        Assert.Contains("REFERRAL_STATE_ACCEPTED", referral["state"]!["enum"]!.AsArray().Select(v => (string?)v));
        var accept = paths["/v1/networks/{network}/referrals/{referral}:accept"]!["post"]!;
        Assert.Equal(["network", "referral"], accept["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
    }

    [Fact]
    public async Task A_browser_can_follow_the_event_feed_as_a_stream_of_json_objects()
    {
        var (_, firm, _) = await PartnersAsync("http-watch");

        using var http = Http(firm.ApiKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/{firm.Name}/events:watch");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        var seen = new List<JsonNode>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        // Server streaming over HTTP/1.1: one JSON object after another, as they happen.
        var buffer = new StringBuilder();
        var depth = 0;
        while (seen.Count < 3)
        {
            var c = new char[1];
            Assert.True(await reader.ReadAsync(c, timeout.Token) == 1, "the stream ended");
            if (c[0] == '{') depth++;
            if (depth > 0) buffer.Append(c[0]);
            if (c[0] == '}' && --depth == 0)
            {
                seen.Add(JsonNode.Parse(buffer.ToString())!);
                buffer.Clear();
            }
        }

        Assert.Equal("EVENT_TYPE_PARTNERSHIP_PROPOSED", (string?)seen[0]["event"]!["type"]);
        Assert.Equal("EVENT_TYPE_PARTNERSHIP_ACCEPTED", (string?)seen[1]["event"]!["type"]);
        Assert.Equal("2", seen[2]["heartbeat"]!["headPosition"]!.ToString());
    }
}
