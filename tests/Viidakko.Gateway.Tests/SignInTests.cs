using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Core;
using Viidakko.Gateway.Tests.Support;

namespace Viidakko.Gateway.Tests;

using Viidakko.Api.V1;

/// <summary>
/// People sign in as themselves over HTTP, as the web app does: invitations (by the operator, by the
/// firm's key, by a firm's admin person), passwords set once per link, sessions as HttpOnly cookies
/// with a CSRF token the API demands, lockout after wrong passwords, signing out that ends the session
/// on the server, roles kept apart, and the acting person on the referral's timeline.
/// </summary>
public sealed class SignInTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private const string Password = "kahvia ja pullaa 42";
    private readonly HubHost _hub = fixture.Hub;

    /// <summary>A browser-like client: its own cookie jar, HTTP/1.1, and the session's CSRF token once signed in.</summary>
    private sealed class Browser : IDisposable
    {
        public Browser(string address)
        {
            Cookies = new CookieContainer();
            Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, UseCookies = true })
            {
                BaseAddress = new Uri(address),
                DefaultRequestVersion = HttpVersion.Version11,
            };
        }

        public HttpClient Http { get; }

        public CookieContainer Cookies { get; }

        public string? Csrf { get; set; }

        public Task<HttpResponseMessage> PostAsync(string path, string json, bool withCsrf = true) =>
            SendAsync(HttpMethod.Post, path, json, withCsrf);

        public Task<HttpResponseMessage> GetAsync(string path, bool withCsrf = true) => SendAsync(HttpMethod.Get, path, null, withCsrf);

        private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json, bool withCsrf)
        {
            var request = new HttpRequestMessage(method, path);
            if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            if (withCsrf && Csrf is not null) request.Headers.Add("X-CSRF-Token", Csrf);
            return Http.SendAsync(request);
        }

        public void Dispose() => Http.Dispose();
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.StatusCode}: {body}");
        return body.Length == 0 ? new JsonObject() : JsonNode.Parse(body)!;
    }

    private static string Reason(JsonNode status) =>
        status["details"]!.AsArray().First(d => d!["reason"] is not null)!["reason"]!.GetValue<string>();

    private static string Email(string who) => $"{who}-{Guid.NewGuid():N}@example.fi";

    private async Task<Browser> SignedInAsync(Invitation invitation, string password = Password)
    {
        var browser = new Browser(_hub.HttpAddress);
        var session = await ReadAsync(await browser.PostAsync("/auth/invitation", $$"""{"token":"{{invitation.Token}}","password":"{{password}}"}"""), HttpStatusCode.OK);
        browser.Csrf = session["csrfToken"]!.GetValue<string>();
        return browser;
    }

    private Task<Invitation> InviteAsync(FirmApi firm, string email, string name = "Jari Virtanen", bool admin = false) =>
        _hub.Admin.CreateInvitationAsync(new CreateInvitationRequest { Parent = firm.Name, Email = email, DisplayName = name, Admin = admin }).ResponseAsync;

    [Fact]
    public async Task A_person_sets_a_password_through_the_invitation_and_signs_in_with_an_HttpOnly_cookie()
    {
        var networkId = await _hub.NewNetworkAsync("signin");
        var firm = await _hub.RegisterAsync(networkId, "rumpu");
        var email = Email("jari");
        var invitation = await InviteAsync(firm, email.ToUpperInvariant());
        Assert.Equal(email, invitation.Email);
        Assert.Equal($"/#/invitation/{invitation.Token}", invitation.AcceptPath);
        Assert.True(invitation.ExpireTime.ToDateTime() > DateTime.UtcNow.AddDays(6));

        using var first = new Browser(_hub.HttpAddress);
        var tooShort = await ReadAsync(await first.PostAsync("/auth/invitation", $$"""{"token":"{{invitation.Token}}","password":"short"}"""), HttpStatusCode.BadRequest);
        Assert.Equal("INVALID_ARGUMENT", Reason(tooShort));

        var response = await first.PostAsync("/auth/invitation", $$"""{"token":"{{invitation.Token}}","password":"{{Password}}"}""");
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var session = await ReadAsync(response, HttpStatusCode.OK);
        Assert.Equal("firm_person", session["role"]!.GetValue<string>());
        Assert.Equal(firm.Name, session["firm"]!.GetValue<string>());
        Assert.Equal("Jari Virtanen", session["displayName"]!.GetValue<string>());

        // The link works once.
        using var again = new Browser(_hub.HttpAddress);
        var used = await ReadAsync(await again.PostAsync("/auth/invitation", $$"""{"token":"{{invitation.Token}}","password":"another password"}"""), HttpStatusCode.BadRequest);
        Assert.Equal("INVITATION_INVALID", Reason(used));

        // E-mail and password sign in (the address in any case); the page reads its CSRF token from /auth/session.
        using var browser = new Browser(_hub.HttpAddress);
        await ReadAsync(await browser.PostAsync("/auth/sign-in", $$"""{"email":"{{email.ToUpperInvariant()}}","password":"{{Password}}"}"""), HttpStatusCode.OK);
        var mine = await ReadAsync(await browser.GetAsync("/auth/session"), HttpStatusCode.OK);
        browser.Csrf = mine["csrfToken"]!.GetValue<string>();
        var firmJson = await ReadAsync(await browser.GetAsync($"/v1/{firm.Name}"), HttpStatusCode.OK);
        Assert.Equal("FIRM_VIEW_SELF", firmJson["view"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_API_demands_the_sessions_CSRF_token_and_a_wrong_or_missing_one_changes_nothing()
    {
        var networkId = await _hub.NewNetworkAsync("csrf");
        var firm = await _hub.RegisterAsync(networkId, "rumpu");
        using var browser = await SignedInAsync(await InviteAsync(firm, Email("csrf")));
        var csrf = browser.Csrf;

        browser.Csrf = null;
        var missing = await ReadAsync(await browser.PostAsync($"/v1/{firm.Name}/clients?clientId=acme", """{"displayName":"Acme Oy"}"""), HttpStatusCode.Forbidden);
        Assert.Equal("CSRF_TOKEN_INVALID", Reason(missing));
        browser.Csrf = csrf + "x";
        Assert.Equal("CSRF_TOKEN_INVALID", Reason(await ReadAsync(await browser.PostAsync($"/v1/{firm.Name}/clients?clientId=acme", """{"displayName":"Acme Oy"}"""), HttpStatusCode.Forbidden)));
        var clients = await firm.Clients.ListClientsAsync(new ListClientsRequest { Parent = firm.Name });
        Assert.Empty(clients.Clients);

        browser.Csrf = csrf;
        await ReadAsync(await browser.PostAsync($"/v1/{firm.Name}/clients?clientId=acme", """{"displayName":"Acme Oy"}"""), HttpStatusCode.OK);
        Assert.Single((await firm.Clients.ListClientsAsync(new ListClientsRequest { Parent = firm.Name })).Clients);

        // A form from another site cannot sign anyone in: the body must be JSON.
        var form = await browser.Http.PostAsync("/auth/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "x@example.fi", ["password"] = "y" }));
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_even_the_right_one_waits()
    {
        var networkId = await _hub.NewNetworkAsync("lockout");
        var firm = await _hub.RegisterAsync(networkId, "rumpu");
        var email = Email("lock");
        using var _ = await SignedInAsync(await InviteAsync(firm, email));
        using var browser = new Browser(_hub.HttpAddress);
        for (var i = 1; i < 5; i++)
        {
            var wrong = await ReadAsync(await browser.PostAsync("/auth/sign-in", $$"""{"email":"{{email}}","password":"wrong {{i}}"}"""), HttpStatusCode.Unauthorized);
            Assert.Equal("WRONG_CREDENTIALS", Reason(wrong));
        }

        var locked = await ReadAsync(await browser.PostAsync("/auth/sign-in", $$"""{"email":"{{email}}","password":"wrong 5"}"""), HttpStatusCode.TooManyRequests);
        Assert.Equal("ACCOUNT_LOCKED", Reason(locked));
        Assert.Contains(locked["details"]!.AsArray(), d => d!["@type"]!.GetValue<string>().EndsWith("RetryInfo", StringComparison.Ordinal));
        var right = await ReadAsync(await browser.PostAsync("/auth/sign-in", $$"""{"email":"{{email}}","password":"{{Password}}"}"""), HttpStatusCode.TooManyRequests);
        Assert.Equal("ACCOUNT_LOCKED", Reason(right));

        // An unknown address is answered like a wrong password, and never locks.
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal("WRONG_CREDENTIALS", Reason(await ReadAsync(await browser.PostAsync("/auth/sign-in", $$"""{"email":"{{Email("nobody")}}","password":"whatever"}"""), HttpStatusCode.Unauthorized)));
        }

        // Tried five times, an address without an account locks like one that has it: the lock tells nothing.
        var nobody = Email("nobody");
        for (var i = 1; i < 5; i++)
        {
            Assert.Equal("WRONG_CREDENTIALS", Reason(await ReadAsync(await browser.PostAsync("/auth/sign-in", $$"""{"email":"{{nobody}}","password":"guess {{i}}"}"""), HttpStatusCode.Unauthorized)));
        }

        Assert.Equal("ACCOUNT_LOCKED", Reason(await ReadAsync(await browser.PostAsync("/auth/sign-in", $$"""{"email":"{{nobody}}","password":"guess 5"}"""), HttpStatusCode.TooManyRequests)));
    }

    [Fact]
    public async Task Signing_out_ends_the_session_on_the_server_so_the_old_cookie_opens_nothing()
    {
        var networkId = await _hub.NewNetworkAsync("signout");
        var firm = await _hub.RegisterAsync(networkId, "rumpu");
        using var browser = await SignedInAsync(await InviteAsync(firm, Email("out")));
        var cookie = browser.Cookies.GetCookies(new Uri(_hub.HttpAddress))["viidakko_session"]!.Value;
        await ReadAsync(await browser.GetAsync($"/v1/{firm.Name}"), HttpStatusCode.OK);

        await ReadAsync(await browser.PostAsync("/auth/sign-out", "{}"), HttpStatusCode.NoContent);

        // The same cookie, kept by someone who copied it, no longer works.
        using var thief = new Browser(_hub.HttpAddress) { Csrf = browser.Csrf };
        thief.Cookies.Add(new Uri(_hub.HttpAddress), new Cookie("viidakko_session", cookie));
        var ended = await ReadAsync(await thief.GetAsync($"/v1/{firm.Name}"), HttpStatusCode.Unauthorized);
        Assert.Equal("UNAUTHENTICATED", Reason(ended));
        await ReadAsync(await thief.GetAsync("/auth/session"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_person_acts_only_for_their_firm_and_the_operator_only_as_the_operator()
    {
        var networkId = await _hub.NewNetworkAsync("roles");
        var a = await _hub.RegisterAsync(networkId, "lahettaja");
        var b = await _hub.RegisterAsync(networkId, "vastaanottaja");
        var c = await _hub.RegisterAsync(networkId, "sivullinen");
        await Scenario.PartnerAsync(a, b, TestData.Terms(10));
        await a.CreateClientAsync("acme", "Acme Oy");
        var referral = await Scenario.ReferAsync(a, b, "acme");

        using var outsider = await SignedInAsync(await InviteAsync(c, Email("outsider")));
        var other = await ReadAsync(await outsider.GetAsync($"/v1/{referral.Name}"), HttpStatusCode.NotFound);
        Assert.Equal("NOT_FOUND", Reason(other));
        Assert.DoesNotContain("Acme", other.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("NOT_YOUR_RESOURCE", Reason(await ReadAsync(await outsider.GetAsync($"/v1/{a.Name}/clients"), HttpStatusCode.Forbidden)));
        Assert.Equal("WRONG_ROLE", Reason(await ReadAsync(await outsider.GetAsync("/v1/networks"), HttpStatusCode.Forbidden)));

        var op = await _hub.Admin.CreateInvitationAsync(new CreateInvitationRequest { Email = Email("operator"), DisplayName = "Olli Operaattori" });
        Assert.True(op.Admin);
        Assert.Equal("", op.Firm);
        using var operatorBrowser = await SignedInAsync(op);
        await ReadAsync(await operatorBrowser.GetAsync("/v1/networks"), HttpStatusCode.OK);
        var directory = await ReadAsync(await operatorBrowser.GetAsync($"/v1/networks/{networkId}/firms"), HttpStatusCode.OK);
        Assert.Equal(3, directory["firms"]!.AsArray().Count);
        Assert.Equal("WRONG_ROLE", Reason(await ReadAsync(await operatorBrowser.GetAsync($"/v1/{referral.Name}"), HttpStatusCode.Forbidden)));

        // A suspended firm's people are let in nowhere.
        using var member = await SignedInAsync(await InviteAsync(a, Email("member")));
        await _hub.Admin.SetFirmSuspendedAsync(new SetFirmSuspendedRequest { Name = a.Name, Suspended = true });
        Assert.Equal("FIRM_SUSPENDED", Reason(await ReadAsync(await member.GetAsync($"/v1/{a.Name}"), HttpStatusCode.Forbidden)));
    }

    [Fact]
    public async Task Only_the_firms_key_or_its_admin_person_invites_people_and_an_address_belongs_to_one_firm()
    {
        var networkId = await _hub.NewNetworkAsync("invite");
        var firm = await _hub.RegisterAsync(networkId, "rumpu");
        var otherFirm = await _hub.RegisterAsync(networkId, "toinen");

        // The firm's own key invites.
        var byKey = await firm.Firms.InvitePersonAsync(new InvitePersonRequest { Parent = firm.Name, Email = Email("admin"), DisplayName = "Anna Admin", Admin = true });
        using var admin = await SignedInAsync(byKey);
        using var person = await SignedInAsync(await InviteAsync(firm, Email("plain")));

        // An admin person invites through the page; a plain person may not.
        var email = Email("new");
        var invited = await ReadAsync(await admin.PostAsync($"/v1/{firm.Name}/invitations", $$"""{"email":"{{email}}","displayName":"Uusi Ihminen"}"""), HttpStatusCode.OK);
        Assert.StartsWith("/#/invitation/vi1.", invited["acceptPath"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("WRONG_ROLE", Reason(await ReadAsync(await person.PostAsync($"/v1/{firm.Name}/invitations", $$"""{"email":"{{Email("x")}}","displayName":"X"}"""), HttpStatusCode.Forbidden)));
        Assert.Equal("NOT_YOUR_RESOURCE", Reason(await ReadAsync(await admin.PostAsync($"/v1/{otherFirm.Name}/invitations", $$"""{"email":"{{Email("y")}}","displayName":"Y"}"""), HttpStatusCode.Forbidden)));

        // The address now belongs to this firm: another firm cannot take it over.
        var taken = await Assert.ThrowsAsync<RpcException>(() => otherFirm.Firms.InvitePersonAsync(new InvitePersonRequest { Parent = otherFirm.Name, Email = email, DisplayName = "Kaappaaja" }).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, taken.StatusCode);
        var missing = await Assert.ThrowsAsync<RpcException>(() => _hub.Admin.CreateInvitationAsync(new CreateInvitationRequest { Parent = $"networks/{networkId}/firms/nobody", Email = Email("z"), DisplayName = "Z" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var bad = await Assert.ThrowsAsync<RpcException>(() => firm.Firms.InvitePersonAsync(new InvitePersonRequest { Parent = firm.Name, Email = "not an address", DisplayName = "" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
    }

    [Fact]
    public async Task The_timeline_shows_which_person_acted_and_a_key_call_names_only_the_firm()
    {
        var networkId = await _hub.NewNetworkAsync("actor");
        var a = await _hub.RegisterAsync(networkId, "lahettaja");
        var b = await _hub.RegisterAsync(networkId, "vastaanottaja");
        await Scenario.PartnerAsync(a, b, TestData.Terms(10));
        await a.CreateClientAsync("acme", "Acme Oy");
        var referral = await Scenario.ReferAsync(a, b, "acme"); // with the key: no person

        using var jari = await SignedInAsync(await InviteAsync(b, Email("jari"), "Jari Virtanen"));
        var accepted = await ReadAsync(await jari.PostAsync($"/v1/{referral.Name}:accept", """{"note":"Soitan huomenna."}"""), HttpStatusCode.OK);
        var timeline = accepted["timeline"]!.AsArray();
        Assert.Equal("", timeline[0]!["actorPerson"]!.GetValue<string>());
        Assert.Equal(a.Name, timeline[0]!["actor"]!.GetValue<string>());
        Assert.Equal("REFERRAL_EVENT_TYPE_ACCEPTED", timeline[1]!["type"]!.GetValue<string>());
        Assert.Equal("Jari Virtanen", timeline[1]!["actorPerson"]!.GetValue<string>());
        Assert.Equal(b.Name, timeline[1]!["actor"]!.GetValue<string>());

        // The referrer sees the same, over gRPC too.
        var seen = await a.GetReferralAsync(referral.Name);
        Assert.Equal("Jari Virtanen", seen.Timeline[1].ActorPerson);
    }

    [Fact]
    public async Task A_signed_in_pages_watch_lives_through_heartbeats_and_ends_when_the_person_signs_out()
    {
        var networkId = await _hub.NewNetworkAsync("watch");
        var firm = await _hub.RegisterAsync(networkId, "rumpu");
        using var browser = await SignedInAsync(await InviteAsync(firm, Email("watcher")));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/{firm.Name}/events:watch?afterPosition=0");
        request.Headers.Add("X-CSRF-Token", browser.Csrf);
        using var response = await browser.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var received = new StringBuilder();
        var buffer = new byte[4096];
        async Task<bool> ReadUntilAsync(Func<string, bool> done, TimeSpan within)
        {
            using var timeout = new CancellationTokenSource(within);
            try
            {
                while (!done(received.ToString()))
                {
                    var n = await stream.ReadAsync(buffer, timeout.Token);
                    if (n == 0) return done(received.ToString()) || false;
                    received.Append(Encoding.UTF8.GetString(buffer, 0, n));
                }

                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        // Three heartbeats (one a second here): the session is checked again at each and still holds.
        Assert.True(await ReadUntilAsync(text => System.Text.RegularExpressions.Regex.Matches(text, "heartbeat").Count >= 3, TimeSpan.FromSeconds(10)), received.ToString());
        var other = await _hub.RegisterAsync(networkId, "toinen");
        await other.Partnerships.ProposePartnershipAsync(new ProposePartnershipRequest { Parent = other.Name, Partner = firm.Name, Terms = TestData.Terms(10) });
        Assert.True(await ReadUntilAsync(text => text.Contains("\"event\"", StringComparison.Ordinal), TimeSpan.FromSeconds(10)), received.ToString());

        // Signed out elsewhere: the watch ends at its next check, with the reason.
        await ReadAsync(await browser.PostAsync("/auth/sign-out", "{}"), HttpStatusCode.NoContent);
        var ended = await ReadUntilAsync(text => text.Contains("UNAUTHENTICATED", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.True(ended, received.ToString());
    }

    [Fact]
    public async Task The_web_app_is_served_by_the_hub_itself_with_a_strict_content_policy()
    {
        using var browser = new Browser(_hub.HttpAddress);
        var page = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        foreach (var asset in new[] { "/app/app.js", "/app/app.css" })
        {
            Assert.Contains(asset, html, StringComparison.Ordinal);
        }

        // Every module the page imports is served (no CDN), and nothing else answers under /app/.
        var app = await (await browser.GetAsync("/app/app.js")).Content.ReadAsStringAsync();
        foreach (System.Text.RegularExpressions.Match import in System.Text.RegularExpressions.Regex.Matches(app, @"from '\./([\w-]+\.js)'"))
        {
            var module = await browser.GetAsync("/app/" + import.Groups[1].Value);
            Assert.True(module.StatusCode == HttpStatusCode.OK, import.Groups[1].Value);
            Assert.Equal("text/javascript", module.Content.Headers.ContentType!.MediaType);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/app/missing.js")).StatusCode);
        Assert.DoesNotContain("http://", html.Replace(_hub.HttpAddress, "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
