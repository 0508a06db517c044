using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Syntaskio.Jobs.Intake;
using Syntaskio.Jobs.Lifecycle;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Syntaskio.Tests.Browser;

/// <summary>The status page at / in Chromium, against the real API, worker and emulator.</summary>
[NonParallelizable]
public sealed class StatusPageTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private BrowserSession browser = null!;
    private IBrowserContext context = null!;
    private Uri baseUrl = null!;

    [OneTimeSetUp]
    public async Task LaunchAsync()
    {
        browser = await BrowserSession.LaunchAsync();
        using var client = TestEnvironment.Api.CreateClient();
        baseUrl = client.BaseAddress!;
        SetDefaultExpectTimeout((float)Deadline.TotalMilliseconds);
    }

    [SetUp]
    public async Task NewContextAsync() =>
        context = await browser.Browser.NewContextAsync(
            new BrowserNewContextOptions
            {
                ViewportSize = new() { Width = 1000, Height = 700 },
            }
        );

    [TearDown]
    public async Task CloseContextAsync() => await context.DisposeAsync();

    [OneTimeTearDown]
    public async Task CloseAsync() => await browser.DisposeAsync();

    private async Task<(TestUser User, StatusPage Page)> SignedInAsync()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(2);
        var page = new StatusPage(await context.NewPageAsync());
        await page.SignInAsync(baseUrl, user.Subject);
        await Expect(page.Row(user.Tasks[0].Id)).ToBeVisibleAsync();
        return (user, page);
    }

    [Test]
    public async Task TickingATask_ShowsSyncingAtOnce_ThenSynced_AndTheVendorShowsItCompleted()
    {
        var (user, page) = await SignedInAsync();
        var task = user.Tasks[0].Id;
        // Hold the POST: whatever the page shows before it is released is the optimistic update.
        var release = new TaskCompletionSource();
        await page.Page.RouteAsync("**/api/tasks/*/complete", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });

        await page.Checkbox(task).ClickAsync();
        await Expect(page.Badge(task)).ToHaveAttributeAsync("data-state", "syncing");
        await Expect(page.Checkbox(task)).ToBeCheckedAsync();
        await BrowserSession.ScreenshotAsync(page.Page, "1-syncing");
        release.SetResult();

        await Expect(page.Badge(task)).ToHaveAttributeAsync("data-state", "synced");
        await BrowserSession.ScreenshotAsync(page.Page, "2-synced");
        var vendor = await TestEnvironment.Sandbox.GetObjectAsync("microsoft", user.Tasks[0].ExternalId);
        Assert.That((string?)vendor!["status"], Is.EqualTo("completed"));
        await Expect(page.Badge(user.Tasks[1].Id)).ToHaveTextAsync("");
    }

    [Test]
    public async Task ADroppedStream_IsOpenedAgainWithAFreshTicket_AndTheUsedOneIsRefused()
    {
        var (user, page) = await SignedInAsync();
        var task = user.Tasks[0].Id;
        var firstStream = await page.Page.EvaluateAsync<string>("() => syncEvents.source.url");
        var tickets = 0;
        page.Page.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/api/sync/events/tickets", StringComparison.Ordinal))
                Interlocked.Increment(ref tickets);
        };

        // What the page sees when a connection drops (an API node restarting, a proxy's idle timeout), timed in the
        // page from the drop until its badge says live again.
        var live = TimeSpan.FromMilliseconds(
            await page.Page.EvaluateAsync<double>(
                """
                () => new Promise((resolve, reject) => {
                  const badge = document.getElementById('stream-state');
                  const dropped = performance.now();
                  new MutationObserver((_, observer) => {
                    if (badge.textContent !== 'live') return;
                    observer.disconnect();
                    resolve(performance.now() - dropped);
                  }).observe(badge, { childList: true, characterData: true, subtree: true });
                  setTimeout(() => reject(new Error('the stream was not live again within 10 s')), 10000);
                  syncEvents.source.dispatchEvent(new Event('error'));
                })
                """
            )
        );
        var secondStream = await page.Page.EvaluateAsync<string>("() => syncEvents.source.url");
        var reused = await context.APIRequest.GetAsync(firstStream);
        await page.Checkbox(task).ClickAsync();

        await Expect(page.Badge(task)).ToHaveAttributeAsync("data-state", "synced");
        TestContext.Out.WriteLine($"live again {live.TotalMilliseconds:0} ms after the drop");
        Assert.That(
            live,
            Is.LessThanOrEqualTo(TimeSpan.FromSeconds(1)),
            "the page waits 500 ms, then asks for a ticket and opens the stream"
        );
        Assert.That(secondStream, Is.Not.EqualTo(firstStream));
        Assert.That(tickets, Is.EqualTo(1), "one fresh ticket for the one reconnect");
        Assert.That(reused.Status, Is.EqualTo(401), "a ticket opens one stream once");
    }

    [Test]
    public async Task APermanentFailure_RollsBackWithAReadableError_AndRetrySyncsOnceTheProviderHealed()
    {
        var (user, page) = await SignedInAsync();
        var task = user.Tasks[0].Id;
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", user.ListId, 403, count: 1);

        await page.Checkbox(task).ClickAsync();

        await Expect(page.Badge(task)).ToHaveAttributeAsync("data-state", "failed");
        await Expect(page.Checkbox(task)).Not.ToBeCheckedAsync();
        await Expect(page.Detail(task)).ToContainTextAsync("403");
        await BrowserSession.ScreenshotAsync(page.Page, "3-failed");
        await page.Row(task).Locator(".retry").ClickAsync();
        await Expect(page.Badge(task)).ToHaveAttributeAsync("data-state", "synced");
        await Expect(page.Checkbox(task)).ToBeCheckedAsync();
        var vendor = await TestEnvironment.Sandbox.GetObjectAsync("microsoft", user.Tasks[0].ExternalId);
        Assert.That((string?)vendor!["status"], Is.EqualTo("completed"));
    }

    [Test]
    public async Task AWriteWhoseAnswerWasLost_ShowsUnconfirmed_KeepsTheTick_AndRetrySettlesIt()
    {
        var (user, page) = await SignedInAsync();
        var task = user.Tasks[0].Id;
        var taskId = user.Tasks[0].ExternalId.Split('/')[1];
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", taskId, 0, 1, method: "PATCH", lostAnswer: true);

        await page.Checkbox(task).ClickAsync();
        await Eventually.ReturnsAsync(
            () => TestEnvironment.Sandbox.RequestsToAsync("microsoft", taskId),
            journal => journal.Any(request => (string?)request["method"] == "PATCH"),
            TimeSpan.FromSeconds(15),
            "the write whose answer is lost"
        );
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", taskId, 403, 1, method: "GET");

        await Expect(page.Badge(task)).ToHaveAttributeAsync("data-state", "unconfirmed");
        await Expect(page.Detail(task))
            .ToHaveTextAsync("We could not confirm whether Microsoft To Do took this change.");
        await Expect(page.Checkbox(task)).ToBeCheckedAsync();
        await page.Row(task).Locator(".retry").ClickAsync();
        await Expect(page.Badge(task)).ToHaveAttributeAsync("data-state", "synced");
        await Expect(page.Checkbox(task)).ToBeCheckedAsync();
    }

    [Test]
    public async Task SupportRequeuesAFailedJobInTheDashboard_AndTheUsersPageShowsItSyncedWithoutAReload()
    {
        var (user, page) = await SignedInAsync();
        var task = user.Tasks[0].Id;
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", user.ListId, 403, count: 1);
        await page.Checkbox(task).ClickAsync();
        await Expect(page.Badge(task)).ToHaveAttributeAsync("data-state", "failed");
        var hangfireJobId = await DatabaseProbe.ScalarAsync(
            "SELECT hangfire_job_id FROM sync_jobs WHERE task_id = @task ORDER BY created_at DESC LIMIT 1",
            ("task", task)
        );
        await page.Page.EvaluateAsync("window.sameDocument = true");

        var supportToken = await TestEnvironment.Api.DevTokenAsync("support-browser", "support");
        var session = await context.APIRequest.PostAsync(
            new Uri(baseUrl, "/api/support/session").ToString(),
            new() { Headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {supportToken}" } }
        );
        Assert.That(session.Status, Is.EqualTo(204), "support staff open a dashboard session with their token");
        var support = await context.NewPageAsync();
        await support.GotoAsync(new Uri(baseUrl, "/hangfire/jobs/failed").ToString());
        var row = support.Locator($"input.js-jobs-list-checkbox[value=\"{hangfireJobId}\"]");
        await row.CheckAsync();
        await BrowserSession.ScreenshotAsync(support, "4-dashboard-failed-job-selected");
        await support.GetByRole(AriaRole.Button, new() { Name = "Requeue jobs" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);

        await Expect(page.Badge(task)).ToHaveAttributeAsync("data-state", "synced");
        await Expect(page.Checkbox(task)).ToBeCheckedAsync();
        await BrowserSession.ScreenshotAsync(page.Page, "5-synced-after-requeue");
        Assert.That(
            await page.Page.EvaluateAsync<bool>("window.sameDocument === true"),
            Is.True,
            "the page was not reloaded"
        );
        Assert.That(page.Page.Url, Does.Not.Contain("hangfire"));
    }

    [Test]
    public async Task AConflict_OffersBothChoices_AndPushOursWritesOverTheSource()
    {
        var (user, page) = await SignedInAsync();
        var task = user.Tasks[0].Id;
        var (listId, vendorTask) = (user.ListId, user.Tasks[0].ExternalId.Split('/')[1]);
        await page.Checkbox(task).ClickAsync();
        await Expect(page.Badge(task)).ToHaveAttributeAsync("data-state", "synced");
        await TestEnvironment.Sandbox.SeedTodoAsync(
            user.AccessToken,
            listId,
            vendorTask,
            status: "inProgress",
            refreshToken: user.RefreshToken
        );

        await page.Checkbox(task).ClickAsync();

        await Expect(page.Badge(task)).ToHaveAttributeAsync("data-state", "conflict");
        await Expect(page.Detail(task)).ToContainTextAsync("inProgress");
        await Expect(page.Row(task).Locator(".keep-source")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page.Page, "6-conflict");
        await page.Row(task).Locator(".push-ours").ClickAsync();
        await Expect(page.Badge(task)).ToHaveAttributeAsync("data-state", "synced");
        await Expect(page.Checkbox(task)).Not.ToBeCheckedAsync();
        var vendor = await TestEnvironment.Sandbox.GetObjectAsync("microsoft", user.Tasks[0].ExternalId);
        Assert.That(
            (string?)vendor!["status"],
            Is.EqualTo("notStarted"),
            "our reopen was written over the source's change"
        );
    }

    /// <summary>
    /// What the vendor watcher does, done here through its own repositories (the suite's API does not watch): the
    /// page shows a change made at the vendor, and a task added there, without a reload.
    /// </summary>
    [Test]
    public async Task ChangesAtTheVendor_ShowLive_SayingWhereTheyCameFrom()
    {
        var (user, page) = await SignedInAsync();
        var task = user.Tasks[0];
        var services = TestEnvironment.Api.Services;
        var lifecycle = services.GetRequiredService<SyncLifecycleRepository>();

        var edit = new VendorChange(
            user.UserId,
            "microsoft",
            "todo_task",
            user.ListId,
            task.ExternalId.Split('/')[1],
            null,
            "completed",
            "completed",
            DateTimeOffset.UtcNow
        );
        await lifecycle.ApplyVendorChangeAsync(edit, CancellationToken.None);
        await Expect(page.Checkbox(task.Id)).ToBeCheckedAsync();
        await Expect(page.Detail(task.Id)).ToHaveTextAsync("changed in Microsoft To Do");
        await BrowserSession.ScreenshotAsync(page.Page, "7-changed-at-the-vendor");
        var added = new IntakeTask(
            "microsoft",
            "todo_task",
            user.ListId,
            $"added-{Guid.NewGuid():N}",
            "Added at the vendor",
            "pending",
            "notStarted"
        );
        await services
            .GetRequiredService<TaskCatalogue>()
            .UpsertManyAsync(user.UserId, [added], CancellationToken.None);
        await lifecycle.RecordTaskListChangedAsync(user.UserId, "microsoft", CancellationToken.None);

        await Expect(page.Page.GetByText("Added at the vendor")).ToBeVisibleAsync();
    }
}
