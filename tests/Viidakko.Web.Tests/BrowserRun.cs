using System.Collections.Concurrent;
using System.Text;
using PuppeteerSharp;

namespace Viidakko.Web.Tests;

/// <summary>
/// One test's browser against one hub: each person gets their own browser context (own cookies);
/// a failure reports what every page showed, the pages' script errors and what the hub printed.
/// </summary>
public sealed class BrowserRun(HubProcess hub, IBrowser browser)
{
    private readonly ConcurrentQueue<string> _console = new();

    /// <summary>A new person at their own browser (a fresh context, no cookies).</summary>
    public async Task<IPage> NewPersonAsync(int width = 1200, int height = 900)
    {
        var context = await browser.CreateBrowserContextAsync();
        var page = await context.NewPageAsync();
        page.PageError += (_, e) => _console.Enqueue("page error: " + e.Message);
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error) _console.Enqueue("console: " + e.Message.Text);
        };
        await page.SetViewportAsync(new ViewPortOptions { Width = width, Height = height });
        return page;
    }

    /// <summary>Runs the test's steps; on failure, throws with everything needed to see why.</summary>
    public async Task RunAsync(Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception e)
        {
            var pages = new StringBuilder();
            foreach (var context in browser.BrowserContexts())
            {
                foreach (var page in await context.PagesAsync())
                {
                    try
                    {
                        pages.AppendLine($"--- {page.Url} ---").AppendLine(await page.EvaluateExpressionAsync<string>("document.body.innerText"));
                        await page.ScreenshotAsync(Path.Combine(Path.GetTempPath(), $"viidakko-web-failure-{pages.Length}.png"));
                    }
                    catch (PuppeteerException)
                    {
                    }
                }
            }

            throw new Xunit.Sdk.XunitException($"{e}\n--- browser console ---\n{string.Join('\n', _console)}\n{pages}\n--- hub output ---\n{hub.Output}");
        }
    }
}
