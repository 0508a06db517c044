using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>Support staff work from the dashboard: sync jobs say what they are; their pages say more.
/// </summary>
public sealed class SupportDashboardTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Test]
    public async Task Dashboard_NamesTheChangeTaskAndPerson_AndTheJobsPageShowsItsSyntaskioSection()
    {
        var (user, client, location) = await SyncJobProbe.FailOneSyncAsync(Deadline);
        client.Dispose();
        var syncJobId = Guid.Parse(location.Split('/')[^1]);
        var hangfireJobId = await DatabaseProbe.ScalarAsync(
            "SELECT hangfire_job_id FROM sync_jobs WHERE id = @id",
            ("id", syncJobId)
        );
        using var support = await TestEnvironment.Api.CreateSupportClientAsync("support-dashboard-reader");
        var taskId = user.Tasks[0].Id;
        var title = $"Task {user.Tasks[0].ExternalId.Split('/')[1]}";

        var list = WebUtility.HtmlDecode(await support.GetStringAsync("/hangfire/jobs/failed"));
        var page = WebUtility.HtmlDecode(await support.GetStringAsync($"/hangfire/jobs/details/{hangfireJobId}"));

        Assert.That(list, Does.Contain($"Complete Microsoft To Do task '{title}' ({user.Subject})"));
        Assert.That(
            page,
            Does.Contain("<h3>Syntaskio</h3>")
                .And.Contain(user.Tasks[0].ExternalId)
                .And.Contain($"/api/admin/audit?taskId={taskId}")
                .And.Contain("permanent_error")
                .And.Contain("403")
        );
        Assert.That(list + page, Does.Not.Contain(user.AccessToken).And.Not.Contain(user.RefreshToken));
    }

    [Test]
    public async Task DeadLetters_GroupByProviderAndError_AndSupportRetriesAGroup_Audited()
    {
        // A database of its own: retrying a group must not reach other tests' dead letters.
        await using var deployment = await IsolatedDeployment.StartAsync();
        deployment.StartWorker();
        var (client, listId, tasks) = await deployment.CreateUserAsync(2);
        var (locations, failed) = await SyncJobProbe.FailEachAsync(
            client,
            listId,
            [.. tasks.Select(task => task.Id)],
            Deadline
        );
        var error = (string)failed[0]["error"]!;
        using var support = await SupportSessionAsync(deployment);

        var found = WebUtility.HtmlDecode(await support.GetStringAsync("/hangfire/deadletters?title=Task%201"));
        var retry = await support.PostToDashboardAsync(
            $"/hangfire/deadletters/retry?source=microsoft&error={Uri.EscapeDataString(error)}",
            null
        );
        foreach (var location in locations)
            await SyncJobProbe.WaitForStatusAsync(client, location, "completed", Deadline);

        Assert.That(found, Does.Contain("Task 1").And.Contain(error).And.Contain("<td>2</td>"));
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(
            await deployment.CountAsync(
                "SELECT COUNT(*) FROM audit_log WHERE actor = 'support-groups' "
                    + "AND action = 'dashboard/deadletters/retry' AND outcome = 'done' AND sync_job_id IS NOT NULL"
            ),
            Is.EqualTo(2)
        );
        client.Dispose();
    }

    private static async Task<HttpClient> SupportSessionAsync(IsolatedDeployment deployment)
    {
        var support = new HttpClient { BaseAddress = deployment.Api.BaseUrl };
        support.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            await deployment.DevTokenAsync("support-groups", "support")
        );
        (await support.PostAsync("/api/support/session", null)).EnsureSuccessStatusCode();
        support.DefaultRequestHeaders.Authorization = null;
        return support;
    }
}
