using PuppeteerSharp;

namespace Viidakko.Web.Tests;

/// <summary>
/// After the handshake, in the browser: the receiver's person starts the work and marks it won, the
/// fee due shows on both sides and in the partners' ledger, both persons rate each other (sealed
/// until both have), and the person-to-person chemistry the pages recorded under the signed-in
/// persons' names reaches the API. The set-up is made through the HTTP/JSON API with the firms' keys.
/// </summary>
public sealed class AfterTheWorkTests
{
    private const string Password = "tyot on tehty 2026";

    [Fact]
    public async Task Won_work_shows_the_fee_and_both_persons_rate_each_other_in_the_browser()
    {
        await using var hub = await HubProcess.StartAsync();
        await using var browser = await Chromium.LaunchAsync();
        var run = new BrowserRun(hub, browser);
        await run.RunAsync(() => StepsAsync(hub, run));
    }

    private static async Task StepsAsync(HubProcess hub, BrowserRun browser)
    {
        using var api = new HubApi(hub.WebAddress);
        var admin = hub.AdminKey;
        await api.PostAsync("/v1/networks?networkId=oulu", new { displayName = "Oulu" }, admin);
        var giver = await api.RegisterAsync(admin, "oulu", "rumpu", new
        {
            displayName = "Viidakkorumpu Oy", city = "Oulu",
            people = new[] { new { name = "Riikka Rumpu", role = "CEO" } },
        });
        var taker = await api.RegisterAsync(admin, "oulu", "koodari", new
        {
            displayName = "Koodari Oy", city = "Oulu",
            people = new[] { new { name = "Jari Virtanen", role = "lead developer" } },
            capabilities = new[] { new { skill = "web", level = 4 } },
        });
        await api.PostAsync("/v1/networks/oulu/firms/rumpu/partnerships", new { partner = "networks/oulu/firms/koodari", terms = new { referralFeePercent = 10, feeCapMonths = 12, nonSolicitMonths = 12 } }, giver);
        await api.PostAsync("/v1/networks/oulu/firms/koodari/partnerships/rumpu:accept", new { }, taker);
        await api.PostAsync("/v1/networks/oulu/firms/rumpu/clients?clientId=acme", new { displayName = "Acme Oy" }, giver);
        var referral = await api.PostAsync("/v1/networks/oulu/referrals", new
        {
            referral = new
            {
                kind = "REFERRAL_KIND_REFERRAL", receiver = "networks/oulu/firms/koodari", client = "networks/oulu/firms/rumpu/clients/acme",
                need = new { skills = new[] { "web" }, description = "A web shop." }, warmth = 4,
            },
        }, giver);
        var id = referral["name"]!.GetValue<string>().Split('/').Last();
        await api.PostAsync($"/v1/networks/oulu/referrals/{id}:accept", new { }, taker);
        await api.AddPersonAsync("networks/oulu/firms/rumpu", giver, "riikka@rumpu.example", "Riikka Rumpu", Password);
        await api.AddPersonAsync("networks/oulu/firms/koodari", taker, "jari@koodari.example", "Jari Virtanen", Password);

        var jari = await SignInAsync(browser, hub, "jari@koodari.example");
        await jari.GoToAsync($"{hub.WebAddress}/#/referral/{id}");
        await jari.ClickWhenReadyAsync("button[data-action='start']");
        await jari.WaitForTextAsync("in progress", "#main");
        await jari.FillAsync("won", "value", "20000");
        await jari.SubmitAsync("won");
        await jari.WaitForTextAsync("won", ".page-head");
        // 10 % of 20,000 € over 12 months, capped at 12 months: 2,000 €.
        await jari.WaitForTextAsync("€2,000", "#main");

        // Jari rates Viidakkorumpu and the chemistry with Riikka; his rating stays sealed from her.
        await jari.WaitForAsync("form[data-testid='feedback']");
        await jari.ChooseAsync("feedback", "person", "Riikka Rumpu");
        await jari.ChooseAsync("feedback", "chemistry", "5");
        await jari.FillAsync("feedback", "comment", "Selkeä brief, helppo asiakas.");
        await jari.SubmitAsync("feedback");
        await jari.WaitForAsync("[data-testid='my-feedback']");

        var riikka = await SignInAsync(browser, hub, "riikka@rumpu.example");
        await riikka.GoToAsync($"{hub.WebAddress}/#/referral/{id}");
        await riikka.WaitForTextAsync("sealed until both have rated", "#main");
        Assert.DoesNotContain("Selkeä brief", await riikka.MainTextAsync(), StringComparison.Ordinal);
        await riikka.ChooseAsync("feedback", "person", "Jari Virtanen");
        await riikka.ChooseAsync("feedback", "chemistry", "4");
        await riikka.SubmitAsync("feedback");
        await riikka.WaitForTextAsync("Selkeä brief, helppo asiakas.", "#main");
        await riikka.SnapAsync("referral-won-rated");

        // The ledger on the partners page shows what Koodari owes.
        await riikka.GoToAsync($"{hub.WebAddress}/#/partners");
        await riikka.WaitForTextAsync("fees owed to you €2,000", "li[data-partner='koodari']");

        // The client's logs and its difficulty over time.
        await riikka.GoToAsync($"{hub.WebAddress}/#/clients");
        await riikka.ClickWhenReadyAsync("li[data-client='acme'] details:not([data-history]) summary");
        var hassle = "li[data-client='acme'] form:has([name='minutes'])";
        await riikka.TypeAsync($"{hassle} [name='minutes']", "0"); // 30 -> 300 minutes
        await riikka.ClickWhenReadyAsync($"{hassle} button[type=submit]");
        await riikka.WaitForTextAsync("300 min hassle", "li[data-client='acme']");
        await riikka.ClickWhenReadyAsync("li[data-client='acme'] details:not([data-history]) summary");
        var revenue = "li[data-client='acme'] form:has([name='amount'])";
        await riikka.TypeAsync($"{revenue} [name='amount']", "2500");
        await riikka.ClickWhenReadyAsync($"{revenue} button[type=submit]");
        await riikka.WaitForTextAsync("€2,500 revenue", "li[data-client='acme']");
        await riikka.ClickWhenReadyAsync("li[data-client='acme'] details[data-history] summary");
        // 5 hours of hassle on 2,500 €: 2.0 hours per 1,000 €, this month.
        await riikka.WaitForTextAsync($"{DateTime.UtcNow:yyyy-MM}\t300 min\t€2,500\t2.0 h", "li[data-client='acme'] [data-history]");
        await riikka.SnapAsync("clients");

        // The persons' names the pages rated under are what the chemistry over the API knows.
        var chemistry = await api.GetAsync("/v1/networks/oulu/firms/rumpu:chemistry?other=networks/oulu/firms/koodari", giver);
        var people = chemistry["people"]!.AsArray();
        Assert.Contains(people, p => p!["yourPerson"]!.GetValue<string>() == "Riikka Rumpu" && p["theirPerson"]!.GetValue<string>() == "Jari Virtanen");
    }

    private static async Task<IPage> SignInAsync(BrowserRun browser, HubProcess hub, string email)
    {
        var page = await browser.NewPersonAsync();
        await page.GoToAsync(hub.WebAddress + "/#/sign-in");
        await page.FillAsync("sign-in", "email", email);
        await page.FillAsync("sign-in", "password", Password);
        await page.SubmitAsync("sign-in");
        await page.WaitForAsync("[data-testid='received']");
        return page;
    }
}
