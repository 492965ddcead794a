using System.Diagnostics;
using System.Globalization;
using PuppeteerSharp;
using Viidakko.Web.Tests;

// Time to interactive of the web app's first pages (wall time from asking the browser to navigate
// until the page is drawn; the page's own 'viidakko:ready' mark, from navigation start, is printed too), in alternating rounds, each in a fresh browser
// context (no cache, no cookie but the session's):
//   static    navigating to /app/icon.svg from the same hub (the baseline: one request, nothing run)
//   sign-in   the page until its sign-in form is drawn (performance mark 'viidakko:ready')
//   inbox     a signed-in person's inbox with 20 referrals, until drawn
// Usage: dotnet run -c Release --project bench/Viidakko.Bench.Web -- [rounds=15]
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
await using var hub = await HubProcess.StartAsync();
using var api = new HubApi(hub.WebAddress);

// A network, two partner firms, a client and 20 referrals; a person of the receiver.
var admin = hub.AdminKey;
await api.PostAsync("/v1/networks?networkId=bench", new { displayName = "Bench" }, admin);
var giver = await api.RegisterAsync(admin, "bench", "giver", new { displayName = "Giver Oy", city = "Turku" });
var taker = await api.RegisterAsync(admin, "bench", "taker", new { displayName = "Taker Oy", city = "Turku", capabilities = new[] { new { skill = "web", level = 4 } } });
await api.PostAsync("/v1/networks/bench/firms/giver/partnerships", new { partner = "networks/bench/firms/taker", terms = new { referralFeePercent = 10, feeCapMonths = 12, nonSolicitMonths = 12 } }, giver);
await api.PostAsync("/v1/networks/bench/firms/taker/partnerships/giver:accept", new { }, taker);
for (var i = 0; i < 20; i++)
{
    await api.PostAsync($"/v1/networks/bench/firms/giver/clients?clientId=c{i}", new { displayName = $"Asiakas {i} Oy" }, giver);
    await api.PostAsync("/v1/networks/bench/referrals", new { referral = new { kind = "REFERRAL_KIND_REFERRAL", receiver = "networks/bench/firms/taker",
        client = $"networks/bench/firms/giver/clients/c{i}", need = new { skills = new[] { "web" }, description = "A web shop." }, warmth = 3 } }, giver);
}
await api.AddPersonAsync("networks/bench/firms/taker", taker, "bench@taker.example", "Bench Person", "bench password 1");

await using var browser = await Chromium.LaunchAsync();

var marks = new List<double>();

async Task<double> TimeAsync(string path, bool signIn, bool isStatic)
{
    var context = await browser.CreateBrowserContextAsync();
    try
    {
        var page = await context.NewPageAsync();
        if (signIn)
        {
            // Sign in through the API from inside the page (its cookie jar), then measure a fresh load.
            await page.GoToAsync(hub.WebAddress + "/app/icon.svg");
            await page.EvaluateExpressionAsync("fetch('/auth/sign-in', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({email: 'bench@taker.example', password: 'bench password 1'})}).then(r => r.status)");
        }

        var watch = Stopwatch.StartNew();
        await page.GoToAsync(hub.WebAddress + path, WaitUntilNavigation.DOMContentLoaded);
        if (isStatic) return watch.Elapsed.TotalMilliseconds;
        await page.WaitForFunctionAsync("() => performance.getEntriesByName('viidakko:ready').length > 0 && document.querySelectorAll('#main li, #main form').length > 0",
            new WaitForFunctionOptions { Timeout = 30_000, PollingInterval = 5 });
        // Wall time from asking the browser to navigate until the page is drawn, like the static file's.
        var elapsed = watch.Elapsed.TotalMilliseconds;
        marks.Add(await page.EvaluateExpressionAsync<double>("performance.getEntriesByName('viidakko:ready')[0].startTime"));
        return elapsed;
    }
    finally
    {
        await context.CloseAsync();
    }
}

var results = new Dictionary<string, List<double>> { ["static"] = [], ["sign-in"] = [], ["inbox"] = [] };
for (var round = -2; round < rounds; round++)
{
    var s = await TimeAsync("/app/icon.svg", false, true);
    var a = await TimeAsync("/", false, false);
    var b = await TimeAsync("/#/inbox", true, false);
    if (round < 0) continue; // warm-up: the hub's first requests JIT its code
    results["static"].Add(s);
    results["sign-in"].Add(a);
    results["inbox"].Add(b);
}

static double Median(List<double> v) { var s = v.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
var baseline = Median(results["static"]);
Console.WriteLine($"rounds: {rounds} (after 2 warm-up rounds), chromium {await browser.GetVersionAsync()}");
foreach (var (name, values) in results)
{
    Console.WriteLine(FormattableString.Invariant($"{name,-8} median {Median(values),7:0.0} ms  range {values.Min(),7:0.0}–{values.Max(),7:0.0} ms  {Median(values) / baseline,5:0.0}× the static file"));
}

Console.WriteLine(FormattableString.Invariant($"page mark 'viidakko:ready' (sign-in and inbox together): median {Median(marks):0.0} ms, range {marks.Min():0.0}–{marks.Max():0.0} ms"));
