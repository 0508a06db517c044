using Microsoft.Playwright;

namespace Syntaskio.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright (its own browser download does not work here; see DEVELOPERS.md).
/// `build.ps1 test` installs the package when it is missing.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private readonly IPlaywright playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser) =>
        (this.playwright, Browser) = (playwright, browser);

    public IBrowser Browser { get; }

    public static async Task<BrowserSession> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"{ChromiumPath} is missing: run `dotnet pwsh build.ps1 test` (it installs Debian's chromium) or "
                    + $"`apt-get install -y chromium`."
            );
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(
            new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args =
                [
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run",
                ],
            }
        );
        return new BrowserSession(playwright, browser);
    }

    /// <summary>Saves the page into the test's output and attaches it to the result.</summary>
    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = false)
    {
        var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{name}.png");
        await page.ScreenshotAsync(
            new PageScreenshotOptions
            {
                Path = path,
                FullPage = fullPage,
                Animations = ScreenshotAnimations.Disabled,
                Timeout = 10_000,
            }
        );
        TestContext.AddTestAttachment(path, name);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
