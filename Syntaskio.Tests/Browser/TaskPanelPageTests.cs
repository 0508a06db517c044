using Microsoft.Playwright;
using Syntaskio.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Syntaskio.Tests.Browser;

/// <summary>
/// The status page's task actions beyond the tick, in Chromium against the emulator: Start, the history panel and
/// its live updates, the keyboard alone, and what a screen reader hears.
/// </summary>
[NonParallelizable]
public sealed class TaskPanelPageTests : PageTestBase
{
    [Test]
    public async Task Start_MarksAToDoTaskInProgress_AndTheOpenHistoryPanelFollowsLive()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(1);
        var task = user.Tasks[0].Id;
        var page = await SignInAsync(user.Subject);
        await page.Row(task).Locator(".history-toggle").ClickAsync();
        await Expect(page.History(task)).ToContainTextAsync("Nothing has happened to this task here yet.");

        await page.Row(task).Locator(".start").ClickAsync();

        await Expect(page.Badge(task)).ToHaveAttributeAsync("data-state", "synced");
        await Expect(page.Row(task).Locator(".status-chip")).ToHaveTextAsync("In progress");
        await Expect(page.Row(task).Locator(".start")).ToBeHiddenAsync();
        await Expect(page.History(task).Locator("li").First)
            .ToContainTextAsync("Microsoft To Do confirmed (inProgress), first attempt");
        await Expect(page.History(task)).ToContainTextAsync("Started here (was pending)");
        var vendor = await TestEnvironment.Sandbox.GetObjectAsync("microsoft", user.Tasks[0].ExternalId);
        Assert.That((string?)vendor!["status"], Is.EqualTo("inProgress"));
    }

    [Test]
    public async Task EveryAction_CanBeDoneWithTheKeyboardAlone_WithAVisibleFocus_AndIsAnnounced()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(1);
        var task = user.Tasks[0].Id;
        var page = await SignInAsync(user.Subject);

        await FocusByTabAsync(page.Page, $"#task-{task}");
        Assert.That(
            await page.Page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"),
            Is.Not.EqualTo("none"),
            "the focused control shows where the focus is"
        );
        await page.Page.Keyboard.PressAsync("Space");
        await Expect(page.Badge(task)).ToHaveAttributeAsync("data-state", "synced");
        var title = await page.Row(task).Locator(".title").TextContentAsync();
        await Expect(page.Page.Locator("#announcer")).ToHaveTextAsync($"{title}: synced");
        await FocusByTabAsync(page.Page, $"#history-toggle-{task}");
        await page.Page.Keyboard.PressAsync("Enter");

        await Expect(page.History(task)).ToContainTextAsync("Completed here (was pending)");
        await Expect(page.Row(task).Locator(".history-toggle")).ToHaveAttributeAsync("aria-expanded", "true");
        Assert.That(await page.Page.Locator("#announcer").GetAttributeAsync("aria-live"), Is.EqualTo("polite"));
    }

    // Presses Tab until the element is focused: it is reachable from the keyboard, in the page's order.
    private static async Task FocusByTabAsync(IPage page, string selector)
    {
        for (var presses = 0; presses < 60; presses++)
        {
            if (await page.EvaluateAsync<bool>($"document.activeElement?.matches('{selector}') === true"))
                return;
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"{selector} was not reached by 60 presses of Tab");
    }
}
