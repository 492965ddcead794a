using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Viidakko.Web.Tests;

/// <summary>The hub's HTTP/JSON API with a key, as a member system calls it: for setting up what a page test starts from.</summary>
public sealed class HubApi(string webAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(webAddress) };

    /// <summary>POSTs <paramref name="body"/> as JSON with <c>Authorization: Bearer <paramref name="key"/></c>; throws with the answer unless it succeeded.</summary>
    public async Task<JsonNode> PostAsync(string path, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", key);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>GETs <paramref name="path"/> with the key.</summary>
    public async Task<JsonNode> GetAsync(string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", key);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Registers a firm in <paramref name="network"/> and returns its API key.</summary>
    public async Task<string> RegisterAsync(string adminKey, string network, string firmId, object profile) =>
        (await PostAsync($"/v1/networks/{network}/firms?firmId={firmId}", profile, adminKey))["apiKey"]!.GetValue<string>();

    /// <summary>Invites a person of the firm with <paramref name="firmKey"/> and sets their password: they can sign in.</summary>
    public async Task AddPersonAsync(string firm, string firmKey, string email, string name, string password)
    {
        var invitation = await PostAsync($"/v1/{firm}/invitations", new { email, displayName = name }, firmKey);
        using var accept = await _http.PostAsJsonAsync("/auth/invitation", new { token = invitation["token"]!.GetValue<string>(), password });
        accept.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
