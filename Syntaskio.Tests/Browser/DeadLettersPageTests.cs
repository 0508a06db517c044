using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Syntaskio.Tests.Functional;
using Syntaskio.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Syntaskio.Tests.Browser;

/// <summary>The dashboard's Dead letters page in Chromium, on a deployment of its own.</summary>
[NonParallelizable]
public sealed class DeadLettersPageTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Test]
    public async Task Support_FindsADeadLetterByTitle_OpensIt_AndRetriesItsGroup()
    {
        // A database of its own: retrying a group must not reach other tests' dead letters.
        await using var deployment = await IsolatedDeployment.StartAsync();
        deployment.StartWorker();
        var (client, listId, tasks) = await deployment.CreateUserAsync(2);
        var (locations, _) = await SyncJobProbe.FailEachAsync(
            client,
            listId,
            [.. tasks.Select(task => task.Id)],
            Deadline
        );
        await using var browser = await BrowserSession.LaunchAsync();
        await using var context = await browser.Browser.NewContextAsync(
            new BrowserNewContextOptions
            {
                ViewportSize = new() { Width = 1200, Height = 800 },
            }
        );
        SetDefaultExpectTimeout((float)Deadline.TotalMilliseconds);
        var token = await deployment.DevTokenAsync("support-browser-groups", "support");
        var sessionUrl = new Uri(deployment.Api.BaseUrl, "/api/support/session").ToString();
        var session = await context.APIRequest.PostAsync(
            sessionUrl,
            new() { Headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" } }
        );
        Assert.That(session.Status, Is.EqualTo(204));
        var support = await context.NewPageAsync();

        await support.GotoAsync(new Uri(deployment.Api.BaseUrl, "/hangfire/deadletters").ToString());
        await support.GetByPlaceholder("Task title").FillAsync("Task 1");
        await support.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        var found = support.Locator("table.syntaskio-found tr", new() { HasText = "Task 1" });
        await Expect(found).ToHaveCountAsync(1);
        await BrowserSession.ScreenshotAsync(support, "dead-letters");
        await found.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(support.Locator("table.syntaskio-sync")).ToContainTextAsync("Task 1");
        await support.GoBackAsync();
        await support
            .Locator("table.syntaskio-found")
            .GetByRole(AriaRole.Button, new() { Name = "Retry its group" })
            .ClickAsync();

        foreach (var location in locations)
            await SyncJobProbe.WaitForStatusAsync(client, location, "completed", Deadline);
        await Expect(support.Locator("table.syntaskio-groups")).Not.ToContainTextAsync("Microsoft To Do");
        client.Dispose();
    }
}
