using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Syntaskio.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Syntaskio.Tests.Browser;

/// <summary>
/// The status page for everyone, in Chromium: axe-core finds no serious or critical violation with tasks, a failed
/// sync, a conflict, an open history panel and the connection forms on screen, at desktop width and at 375 px;
/// and at 375 px nothing scrolls sideways and every action is still there.
/// </summary>
[NonParallelizable]
public sealed class AccessibilityPageTests : PageTestBase
{
    [TestCase(1000)]
    [TestCase(375)]
    public async Task TheStatusPage_HasNoSeriousOrCriticalAxeViolation_WithEveryKindOfStateOnScreen(int width)
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(3);
        var (failed, conflict, other) = (user.Tasks[0].Id, user.Tasks[1].Id, user.Tasks[2].Id);
        var page = await SignInAsync(user.Subject, width);
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", user.Tasks[0].ExternalId.Split('/')[1], 403, 1);
        await page.Checkbox(failed).ClickAsync();
        await Expect(page.Badge(failed)).ToHaveAttributeAsync("data-state", "failed");
        await page.Checkbox(conflict).ClickAsync();
        await Expect(page.Badge(conflict)).ToHaveAttributeAsync("data-state", "synced");
        var vendorTask = user.Tasks[1].ExternalId.Split('/')[1];
        await TestEnvironment.Sandbox.SeedTodoAsync(user.AccessToken, user.ListId, vendorTask, "inProgress");
        await page.Checkbox(conflict).ClickAsync();
        await Expect(page.Badge(conflict)).ToHaveAttributeAsync("data-state", "conflict");
        await page.Page.Locator("#connection-list li[data-provider=connectwise] .account-line button").ClickAsync();
        await page.Row(failed).Locator(".history-toggle").ClickAsync();
        await Expect(page.History(failed)).ToContainTextAsync("refused");

        var results = await page.Page.RunAxe();
        await BrowserSession.ScreenshotAsync(page.Page, $"status-page-{width}", fullPage: true);

        var grave = results
            .Violations.Where(violation => violation.Impact is "serious" or "critical")
            .Select(violation => $"{violation.Id} ({violation.Impact}): {violation.Help} at {Targets(violation)}")
            .ToList();
        Assert.That(grave, Is.Empty);
        Assert.That(results.Passes, Is.Not.Empty, "axe ran its rules on the page");
        Assert.That(
            await page.Page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth"),
            Is.LessThanOrEqualTo(0),
            "no horizontal scrolling"
        );
        foreach (var action in new[] { ".task-toggle", ".history-toggle", ".retry" })
            await Expect(page.Row(failed).Locator(action)).ToBeInViewportAsync();
        await Expect(page.Row(other).Locator(".start")).ToBeVisibleAsync();
        await Expect(page.Row(conflict).Locator(".keep-source")).ToBeVisibleAsync();
        await Expect(page.Page.Locator("#connect-connectwise")).ToBeVisibleAsync();
    }

    private static string Targets(AxeResultItem violation) =>
        string.Join(", ", violation.Nodes.Select(node => node.Target?.ToString()));
}
