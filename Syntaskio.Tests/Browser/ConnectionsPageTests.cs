using Microsoft.Playwright;
using Syntaskio.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Syntaskio.Tests.Browser;

/// <summary>
/// The status page's Connections panel in Chromium: Microsoft connected end to end against the emulator.
/// </summary>
[NonParallelizable]
public sealed class ConnectionsPageTests
{
    [Test]
    public async Task ConnectMicrosoft_FromTheStatusPage_SignsInAtTheIdentityPlatformAndComesBackConnected()
    {
        await using var browser = await BrowserSession.LaunchAsync();
        await using var context = await browser.Browser.NewContextAsync(
            new BrowserNewContextOptions
            {
                ViewportSize = new() { Width = 1000, Height = 700 },
            }
        );
        using var client = TestEnvironment.Api.CreateClient();
        var subject = $"browser-{Guid.NewGuid():N}";
        var mailbox = $"{subject}@contoso.test";
        await MicrosoftSignIn.SeedAsync(mailbox, $"list-{subject}", "t1");
        SetDefaultExpectTimeout(15_000);
        var page = new StatusPage(await context.NewPageAsync());
        await page.SignInAsync(client.BaseAddress!, subject);

        await page.Page.Locator("#connection-list li[data-provider=microsoft] .account-line button").ClickAsync();
        await page.Page.FillAsync("#login-hint", mailbox);
        await page.Page.ClickAsync("#connect-microsoft button");

        await Expect(page.Page.Locator("#connection-notice")).ToHaveTextAsync("Microsoft To Do is connected.");
        await Expect(page.Page.Locator("#connection-list li[data-provider=microsoft]")).ToContainTextAsync(mailbox);
        Assert.That(new Uri(page.Page.Url).Query, Is.Empty, "the page drops the query, so a reload does not repeat it");
        await BrowserSession.ScreenshotAsync(page.Page, "connections-microsoft-connected");
    }
}
