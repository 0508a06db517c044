using Syntaskio.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Syntaskio.Tests.Browser;

/// <summary>
/// A page whose event stream a newer stream of the same person took over (another tab) does not fight for it: it
/// stays paused while hidden, and reopens its stream when it is shown again.
/// </summary>
[NonParallelizable]
public sealed class StreamTakeoverPageTests : PageTestBase
{
    private const string SetVisibility = """
        state => {
            Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
            document.dispatchEvent(new Event('visibilitychange'));
        }
        """;

    [Test]
    public async Task APageThatLostItsStream_DoesNotReopenItWhileHidden_AndDoesWhenShownAgain()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(1);
        var page = await SignInAsync(user.Subject);
        var tickets = 0;
        page.Page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/sync/events/tickets", StringComparison.Ordinal))
                Interlocked.Increment(ref tickets);
        };
        await page.Page.EvaluateAsync(SetVisibility, "hidden");
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var others = new List<EventStreamClient>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                others.Add(await EventStreamClient.OpenAsync(client));
                await others[^1].NextAsync(Deadline);
            }
            await Expect(page.Page.Locator("#stream-state")).ToHaveTextAsync("paused");
            var ticketsWhenPaused = Volatile.Read(ref tickets);
            // An absence is watched for a while: four times the page's 500 ms reconnect delay.
            await page.Page.WaitForTimeoutAsync(2000);
            var ticketsWhileHidden = Volatile.Read(ref tickets);

            await page.Page.EvaluateAsync(SetVisibility, "visible");

            await Expect(page.Page.Locator("#stream-state")).ToHaveTextAsync("live");
            Assert.That(ticketsWhileHidden, Is.EqualTo(ticketsWhenPaused), "no reconnect while hidden");
            Assert.That(Volatile.Read(ref tickets), Is.EqualTo(ticketsWhenPaused + 1), "one when shown again");
            await Expect(page.Page.Locator("#announcer")).ToContainTextAsync("Live updates paused");
        }
        finally
        {
            foreach (var stream in others)
                await stream.DisposeAsync();
        }
    }
}
