using PuppeteerSharp;

namespace Viidakko.Web.Tests;

/// <summary>What a person does on a page: fill a form by its fields' names, submit it, wait for text.</summary>
public static class PageSteps
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>Types <paramref name="value"/> into the field named <paramref name="name"/> of the form marked <paramref name="form"/>.</summary>
    public static async Task FillAsync(this IPage page, string form, string name, string value)
    {
        var selector = $"form[data-testid='{form}'] [name='{name}']";
        await page.WaitForSelectorAsync(selector, new WaitForSelectorOptions { Timeout = (int)Patience.TotalMilliseconds });
        await page.TypeAsync(selector, value);
    }

    public static async Task ChooseAsync(this IPage page, string form, string name, string value)
    {
        var selector = $"form[data-testid='{form}'] [name='{name}']";
        await page.WaitForSelectorAsync(selector, new WaitForSelectorOptions { Timeout = (int)Patience.TotalMilliseconds });
        await page.SelectAsync(selector, value);
    }

    /// <summary>
    /// Clicks <paramref name="selector"/> once it is there. A page may draw itself again just then
    /// (the live feed brought something), so a click that found its element gone tries again.
    /// </summary>
    public static async Task ClickWhenReadyAsync(this IPage page, string selector)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                await page.WaitForAsync(selector);
                await page.ClickAsync(selector);
                return;
            }
            catch (PuppeteerException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(100);
            }
        }
    }

    public static Task SubmitAsync(this IPage page, string form) =>
        page.ClickWhenReadyAsync($"form[data-testid='{form}'] button[type=submit]");

    /// <summary>Waits until the main area shows <paramref name="text"/>.</summary>
    public static async Task WaitForTextAsync(this IPage page, string text, string scope = "body")
    {
        try
        {
            await page.WaitForFunctionAsync(
                $"() => (document.querySelector({Js(scope)})?.innerText ?? '').includes({Js(text)})",
                new WaitForFunctionOptions { Timeout = (int)Patience.TotalMilliseconds, PollingInterval = 100 });
        }
        catch (WaitTaskTimeoutException)
        {
            var shown = await page.EvaluateExpressionAsync<string>("document.body.innerText");
            throw new Xunit.Sdk.XunitException($"The page never showed '{text}' in {scope}. It shows:\n{shown}");
        }
    }

    public static async Task<IElementHandle> WaitForAsync(this IPage page, string selector) =>
        (await page.WaitForSelectorAsync(selector, new WaitForSelectorOptions { Timeout = (int)Patience.TotalMilliseconds }))!;

    /// <summary>The text the main area shows now.</summary>
    public static Task<string> MainTextAsync(this IPage page) => page.EvaluateExpressionAsync<string>("document.getElementById('main').innerText");

    /// <summary>Saves a screenshot when <c>VIIDAKKO_SCREENSHOTS</c> names a directory (docs/screenshots is kept in the repository).</summary>
    public static async Task SnapAsync(this IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("VIIDAKKO_SCREENSHOTS") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            await page.EvaluateExpressionAsync("document.getElementById('toast').hidden = true");
            await page.ScreenshotAsync(Path.Combine(dir, name + ".png"), new ScreenshotOptions { FullPage = true });
        }
    }

    private static string Js(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
