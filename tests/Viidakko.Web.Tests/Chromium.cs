using PuppeteerSharp;

namespace Viidakko.Web.Tests;

/// <summary>
/// Debian's chromium, headless, driven over the DevTools protocol (PuppeteerSharp): nothing is
/// downloaded. <c>VIIDAKKO_CHROMIUM</c> names another executable; test.sh installs the package.
/// </summary>
public static class Chromium
{
    /// <summary>The browser executable.</summary>
    public static string Executable =>
        Environment.GetEnvironmentVariable("VIIDAKKO_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"No browser at {Executable}: test.sh installs Debian's chromium (apt-get install chromium).");
        }

        return Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            // Root in a container: no sandbox; a small /dev/shm: use /tmp.
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=en-GB"],
            Timeout = 60_000,
        });
    }
}
