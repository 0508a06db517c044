using Microsoft.Playwright;
using Syntaskio.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Syntaskio.Tests.Browser;

/// <summary>One Chromium per fixture, a fresh context per test, and a person signed in on the status page.</summary>
public abstract class PageTestBase
{
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private BrowserSession browser = null!;
    private IBrowserContext? context;
    protected Uri BaseUrl { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task LaunchAsync()
    {
        browser = await BrowserSession.LaunchAsync();
        using var client = TestEnvironment.Api.CreateClient();
        BaseUrl = client.BaseAddress!;
        SetDefaultExpectTimeout((float)Deadline.TotalMilliseconds);
    }

    [TearDown]
    public async Task CloseContextAsync()
    {
        if (context is not null)
            await context.DisposeAsync();
        context = null;
    }

    [OneTimeTearDown]
    public async Task CloseAsync() => await browser.DisposeAsync();

    /// <summary>A page <paramref name="width"/> pixels wide, signed in as <paramref name="subject"/>.</summary>
    protected async Task<StatusPage> SignInAsync(string subject, int width = 1000)
    {
        context = await browser.Browser.NewContextAsync(
            new BrowserNewContextOptions
            {
                ViewportSize = new() { Width = width, Height = 800 },
            }
        );
        var page = new StatusPage(await context.NewPageAsync());
        await page.SignInAsync(BaseUrl, subject);
        await Expect(page.Page.Locator("#connection-list li").First).ToBeVisibleAsync();
        return page;
    }
}
