using Microsoft.Playwright;
using Syntaskio.Api.Infrastructure;
using Syntaskio.Tests.Functional;
using Syntaskio.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Syntaskio.Tests.Browser;

/// <summary>
/// Every HTML route in Chromium under the Content-Security-Policy: the headers are there, the browser
/// reports no violation, and the status page and the dashboard still work, a dashboard Requeue included.
/// </summary>
[NonParallelizable]
public sealed class SecurityHeadersTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Test]
    public async Task EveryHtmlRoute_CarriesTheHeaders_AndWorksUnderThePolicy()
    {
        var (user, client, location) = await SyncJobProbe.FailOneSyncAsync(Deadline);
        var hangfireJobId = await DatabaseProbe.ScalarAsync(
            "SELECT hangfire_job_id FROM sync_jobs WHERE id = @id",
            ("id", Guid.Parse(location.Split('/')[^1]))
        );
        using var baseClient = TestEnvironment.Api.CreateClient();
        var baseUrl = baseClient.BaseAddress!;
        await using var browser = await BrowserSession.LaunchAsync();
        await using var context = await browser.Browser.NewContextAsync();
        SetDefaultExpectTimeout((float)Deadline.TotalMilliseconds);
        var violations = new List<string>();
        context.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                lock (violations)
                    violations.Add($"{message.Location}: {message.Text}");
        };
        var token = await TestEnvironment.Api.DevTokenAsync("support-csp", "support");
        var session = await context.APIRequest.PostAsync(
            new Uri(baseUrl, "/api/support/session").ToString(),
            new() { Headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" } }
        );
        Assert.That(session.Status, Is.EqualTo(204));

        var status = new StatusPage(await context.NewPageAsync());
        var statusAnswer = await status.Page.GotoAsync(baseUrl.ToString());
        await status.SignInAsync(baseUrl, user.Subject);
        await Expect(status.Row(user.Tasks[0].Id)).ToBeVisibleAsync();
        AssertHeaders(statusAnswer!, "/", SecurityHeaders.ContentSecurityPolicy);

        var pages = await context.NewPageAsync();
        var docs = await pages.GotoAsync(new Uri(baseUrl, "/docs").ToString());
        await Expect(pages.GetByRole(AriaRole.Heading, new() { Name = "Syntaskio Sync" })).ToBeVisibleAsync();
        AssertHeaders(docs!, "/docs (Development only)", SecurityHeaders.DocsContentSecurityPolicy);
        foreach (
            var path in new[] { "/hangfire/", "/hangfire/jobs/failed", "/hangfire/deadletters", "/hangfire/servers" }
        )
        {
            var answer = await pages.GotoAsync(new Uri(baseUrl, path).ToString());
            Assert.That(answer!.Status, Is.EqualTo(200), path);
            AssertHeaders(answer, path, SecurityHeaders.DashboardContentSecurityPolicy);
        }
        var details = await pages.GotoAsync(new Uri(baseUrl, $"/hangfire/jobs/details/{hangfireJobId}").ToString());
        AssertHeaders(details!, "a job's page", SecurityHeaders.DashboardContentSecurityPolicy);
        await Expect(pages.Locator("table.syntaskio-sync")).ToBeVisibleAsync();
        await pages.GetByRole(AriaRole.Button, new() { Name = "Requeue" }).ClickAsync();
        await SyncJobProbe.WaitForStatusAsync(client, location, "completed", Deadline);

        Assert.That(violations, Is.Empty, "the browser refused nothing the pages need");
        client.Dispose();
    }

    private static void AssertHeaders(IResponse answer, string route, string policy)
    {
        var headers = answer.Headers;
        Assert.That(headers["content-security-policy"], Is.EqualTo(policy), route);
        Assert.That(
            (headers["x-content-type-options"], headers["referrer-policy"], headers["x-frame-options"]),
            Is.EqualTo(("nosniff", "no-referrer", "DENY")),
            route
        );
    }

    [Test]
    public void ContentSecurityPolicy_AllowsNoInlineScriptAndNoFraming_AnywhereButDevelopmentsDocs()
    {
        string[] policies = [SecurityHeaders.ContentSecurityPolicy, SecurityHeaders.DashboardContentSecurityPolicy];
        Assert.That(
            policies,
            Has.All.Contain("default-src 'self'")
                .And.All.Contain("script-src 'self';")
                .And.All.Contain("frame-ancestors 'none'")
        );
        Assert.That(SecurityHeaders.ContentSecurityPolicy, Does.Not.Contain("unsafe"));
    }
}
