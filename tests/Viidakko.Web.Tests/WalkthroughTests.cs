using PuppeteerSharp;

namespace Viidakko.Web.Tests;

/// <summary>
/// The README's walkthrough in a real browser: the operator sets up their account with the admin key,
/// creates a network, registers firms and invites a person of each; one person passes a client on
/// through the match page, the receiver accepts in another browser, the giver's inbox shows the new
/// status by itself; a kept client cannot be chosen; a person of another firm cannot open the
/// referral; signing out ends the session. Pages are screenshot into VIIDAKKO_SCREENSHOTS when set.
/// </summary>
public sealed class WalkthroughTests
{
    private const string Password = "viidakon rumpu soi 2010";

    [Fact]
    public async Task From_the_operators_first_sign_in_to_an_accepted_referral_all_in_the_browser()
    {
        await using var hub = await HubProcess.StartAsync();
        await using var browser = await Chromium.LaunchAsync();
        var run = new BrowserRun(hub, browser);
        await run.RunAsync(() => RunAsync(hub, run));
    }

    private static async Task RunAsync(HubProcess hub, BrowserRun browser)
    {
        // --- The operator opens the printed address and sets up their account with the admin key.
        var op = await browser.NewPersonAsync();
        await op.GoToAsync(hub.WebAddress + "/");
        await op.WaitForAsync("form[data-testid='sign-in']");
        await op.SnapAsync("sign-in");
        await op.ClickWhenReadyAsync("a[href='#/setup']");
        await op.FillAsync("setup", "adminKey", hub.AdminKey);
        await op.FillAsync("setup", "displayName", "Olli Operaattori");
        await op.FillAsync("setup", "email", "olli@viidakko.example");
        await op.FillAsync("setup", "password", Password);
        await op.SubmitAsync("setup");
        await op.WaitForAsync("form[data-testid='create-network']");

        // --- A network, three firms, and a person invited for each.
        await op.FillAsync("create-network", "id", "turku");
        await op.FillAsync("create-network", "displayName", "Turun verkosto");
        await op.SubmitAsync("create-network");
        await op.WaitForAsync("form[data-testid='register-firm']");
        var links = new Dictionary<string, string>();
        foreach (var (id, name, person, email) in new[]
        {
            ("rumpu", "Viidakkorumpu Oy", "Riikka Rumpu", "riikka@rumpu.example"),
            ("koodari", "Koodari Oy", "Jari Virtanen", "jari@koodari.example"),
            ("sivullinen", "Sivullinen Oy", "Sami Sivullinen", "sami@sivullinen.example"),
        })
        {
            await op.FillAsync("register-firm", "id", id);
            await op.FillAsync("register-firm", "displayName", name);
            await op.FillAsync("register-firm", "city", "Turku");
            await op.SubmitAsync("register-firm");
            var key = await op.WaitForAsync("[data-testid='api-key']");
            Assert.StartsWith($"vk1.turku.{id}.", await key.EvaluateFunctionAsync<string>("e => e.value"), StringComparison.Ordinal);
            await op.ClickWhenReadyAsync($"li[data-firm='{id}'] details summary");
            await op.FillAsync($"invite-{id}", "displayName", person);
            await op.FillAsync($"invite-{id}", "email", email);
            await op.SubmitAsync($"invite-{id}");
            var link = await op.WaitForAsync("[data-testid='invitation-link']");
            links[id] = await link.EvaluateFunctionAsync<string>("e => e.value");
            Assert.StartsWith(hub.WebAddress + "/#/invitation/vi1.", links[id], StringComparison.Ordinal);
        }

        await op.SnapAsync("operator");

        // --- Each invited person sets a password through their link (each in their own browser).
        var riikka = await AcceptAsync(browser, links["rumpu"]);
        var jari = await AcceptAsync(browser, links["koodari"]);
        var sami = await AcceptAsync(browser, links["sivullinen"]);

        // --- Koodari says what it can do; Viidakkorumpu proposes a partnership, Jari accepts it.
        await jari.GoToAsync(hub.WebAddress + "/#/profile");
        await jari.WaitForAsync("form[data-testid='profile'] [name='skills']");
        await jari.EvaluateExpressionAsync("document.querySelector(\"form[data-testid='profile'] [name='skills']\").value = ''");
        await jari.FillAsync("profile", "skills", "web-development:5, mobile-apps:4");
        await jari.FillAsync("profile", "traits", "fast, marketing-minded");
        await jari.SubmitAsync("profile");
        await jari.WaitForTextAsync("Done.", "#toast");

        await riikka.GoToAsync(hub.WebAddress + "/#/partners");
        await riikka.ChooseAsync("propose", "partner", "networks/turku/firms/koodari");
        await riikka.SubmitAsync("propose");
        await riikka.WaitForAsync("li[data-partner='koodari']");

        await jari.GoToAsync(hub.WebAddress + "/#/partners");
        await jari.WaitForAsync("li[data-partner='rumpu'] button.primary");
        await jari.ClickWhenReadyAsync("li[data-partner='rumpu'] button.primary");
        await jari.WaitForTextAsync("active", "li[data-partner='rumpu']");

        // --- Riikka's clients: one to pass on, one kept.
        await riikka.GoToAsync(hub.WebAddress + "/#/clients");
        foreach (var (id, name, keep) in new[] { ("acme", "Acme Oy", false), ("paras", "Paras Asiakas Oy", true) })
        {
            await riikka.FillAsync("add-client", "id", id);
            await riikka.FillAsync("add-client", "name", name);
            if (keep) await riikka.ClickWhenReadyAsync("form[data-testid='add-client'] [name='keep']");
            await riikka.SubmitAsync("add-client");
            await riikka.WaitForAsync($"li[data-client='{id}']");
        }

        // --- Pass a client on: the kept client cannot be chosen; the match explains each partner.
        await riikka.GoToAsync(hub.WebAddress + "/#/pass");
        await riikka.WaitForAsync("form[data-testid='need'] select[name='client']");
        Assert.True(await riikka.EvaluateExpressionAsync<bool>(
            "document.querySelector(\"form[data-testid='need'] option[value='networks/turku/firms/rumpu/clients/paras']\").disabled"));
        await riikka.ChooseAsync("need", "client", "networks/turku/firms/rumpu/clients/acme");
        await riikka.FillAsync("need", "skills", "web-development");
        await riikka.FillAsync("need", "description", "A web shop before the spring season.");
        await riikka.SubmitAsync("need");
        await riikka.WaitForAsync("li.candidate[data-firm='koodari']");
        Assert.True(await riikka.EvaluateExpressionAsync<int>("document.querySelectorAll(\"li.candidate[data-firm='koodari'] .breakdown li\").length") > 0);
        await riikka.SnapAsync("pass-a-client-on");
        await riikka.ClickWhenReadyAsync("li.candidate[data-firm='koodari'] button[data-action='choose']");
        var disclosure = await riikka.WaitForAsync("[data-testid='disclosure']");
        Assert.Contains("Acme Oy", await disclosure.EvaluateFunctionAsync<string>("e => e.innerText"), StringComparison.Ordinal);
        await riikka.SnapAsync("pass-disclosure");
        await riikka.SubmitAsync("send");
        await riikka.WaitForTextAsync("waiting for an answer", "#main");
        var referralId = (await riikka.EvaluateExpressionAsync<string>("location.hash")).Split('/').Last();

        // --- Riikka watches her inbox; Jari accepts in his own browser; her inbox changes by itself.
        await riikka.GoToAsync(hub.WebAddress + "/#/inbox");
        await riikka.WaitForTextAsync("waiting for an answer", $"li[data-referral='{referralId}']");

        await jari.GoToAsync(hub.WebAddress + "/#/inbox");
        await jari.WaitForTextAsync("Acme Oy", "[data-testid='received']");
        await jari.SnapAsync("inbox");
        await jari.ClickWhenReadyAsync($"li[data-referral='{referralId}'] a");
        await jari.WaitForAsync("button[data-action='accept']");
        await jari.SnapAsync("referral-to-answer");
        await jari.ClickWhenReadyAsync("button[data-action='accept']");
        await jari.WaitForTextAsync("Jari Virtanen (Koodari Oy) accepted", "[data-testid='timeline']");
        await jari.SnapAsync("referral-accepted");

        await riikka.WaitForTextAsync("accepted", $"li[data-referral='{referralId}']");
        Assert.Equal("#/inbox", await riikka.EvaluateExpressionAsync<string>("location.hash"));

        // --- A person of another firm opens the referral's address: a not-found page, no data.
        await sami.GoToAsync(hub.WebAddress + "/#/referral/" + referralId);
        await sami.WaitForAsync("[data-testid='not-found']");
        var shown = await sami.MainTextAsync();
        Assert.DoesNotContain("Acme", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Koodari", shown, StringComparison.Ordinal);

        // --- The network map and the directory; Finnish; a phone-sized screen without sideways scrolling.
        await riikka.GoToAsync(hub.WebAddress + "/#/network");
        await riikka.WaitForAsync("[data-testid='network-map'] .node.partner");
        await riikka.SnapAsync("network");
        await riikka.ClickWhenReadyAsync(".who button.link");
        await riikka.WaitForTextAsync("Verkosto", "#main");
        await riikka.GoToAsync(hub.WebAddress + "/#/inbox");
        await riikka.WaitForTextAsync("hyväksytty", $"li[data-referral='{referralId}']");
        await riikka.SnapAsync("inbox-fi");
        var phonePage = await browser.NewPersonAsync(390, 844);
        await phonePage.GoToAsync(hub.WebAddress + "/#/sign-in");
        await phonePage.FillAsync("sign-in", "email", "riikka@rumpu.example");
        await phonePage.FillAsync("sign-in", "password", Password);
        await phonePage.SubmitAsync("sign-in");
        await phonePage.WaitForAsync($"li[data-referral='{referralId}']");
        Assert.True(await phonePage.EvaluateExpressionAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"),
            "The inbox scrolls sideways on a phone-sized screen.");
        await phonePage.SnapAsync("inbox-phone");

        // --- Signing out ends the session: the page goes to sign-in, and the server no longer knows it.
        await riikka.ClickWhenReadyAsync("[data-testid='sign-out']");
        await riikka.WaitForAsync("form[data-testid='sign-in']");
        Assert.Equal(401, await riikka.EvaluateExpressionAsync<int>("fetch('/auth/session').then(r => r.status)"));
        await riikka.GoToAsync(hub.WebAddress + "/#/inbox");
        await riikka.WaitForAsync("form[data-testid='sign-in']");
        Assert.DoesNotContain("Acme", await riikka.MainTextAsync(), StringComparison.Ordinal);
    }

    private static async Task<IPage> AcceptAsync(BrowserRun browser, string link)
    {
        var page = await browser.NewPersonAsync();
        await page.GoToAsync(link);
        await page.FillAsync("invitation", "password", Password);
        await page.SubmitAsync("invitation");
        await page.WaitForAsync("[data-testid='received']");
        return page;
    }
}
