using Microsoft.Playwright;

namespace Syntaskio.Tests.Browser;

/// <summary>The status page as a user drives it: sign in, find a task's row, read its badge.</summary>
public sealed class StatusPage(IPage page)
{
    public IPage Page { get; } = page;

    public async Task SignInAsync(Uri baseUrl, string subject)
    {
        await Page.GotoAsync(baseUrl.ToString());
        await Page.FillAsync("#sub", subject);
        await Page.ClickAsync("#sign-in");
        await Assertions.Expect(Page.Locator("#stream-state")).ToHaveTextAsync("live");
    }

    public ILocator Row(Guid taskId) => Page.Locator($"[data-task-id=\"{taskId}\"]");

    public ILocator Checkbox(Guid taskId) => Row(taskId).Locator(".task-toggle");

    public ILocator Badge(Guid taskId) => Row(taskId).Locator(".badge");

    public ILocator Detail(Guid taskId) => Row(taskId).Locator(".detail");

    public ILocator History(Guid taskId) => Row(taskId).Locator(".history");
}
