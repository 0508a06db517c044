using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>Failed syncs are dead letters: listed, rolled back, and retried by the user or from the dashboard with
/// fresh retries.</summary>
public sealed class DeadLetterTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static SandboxServer Sandbox => TestEnvironment.Sandbox;

    [TearDown]
    public Task ClearFaults() => Sandbox.ClearFaultsAsync();

    private static Task<(TestUser User, HttpClient Client, string Location)> FailOneSyncAsync() =>
        SyncJobProbe.FailOneSyncAsync(Deadline);

    [Test]
    public async Task FailedSync_IsListedAndRollsTheTaskBack()
    {
        var (_, client, location) = await FailOneSyncAsync();

        var failed = await client.GetFromJsonAsync<JsonArray>("/api/sync/jobs?status=failed");
        var task = (await client.GetFromJsonAsync<JsonArray>("/api/tasks"))![0]!;

        Assert.That(failed!.Select(job => $"/api/sync/jobs/{job!["id"]}"), Is.EqualTo(new[] { location }));
        Assert.That(
            (string?)task["status"],
            Is.EqualTo("pending"),
            "rolled back to the status before the failed change"
        );
        Assert.That((string?)task["sync"]!["status"], Is.EqualTo("failed"));
        client.Dispose();
    }

    [Test]
    public async Task Retry_SyncsAndMovesTheTaskForward_WhenProviderHasRecovered()
    {
        var (user, client, location) = await FailOneSyncAsync();

        var retried = await client.PostAsync($"{location}/retry", null);

        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var job = await SyncJobProbe.WaitForStatusAsync(client, location, "completed", Deadline);
        Assert.That((int)job["attempts"]!, Is.EqualTo(2));
        Assert.That(
            (string?)(await client.GetFromJsonAsync<JsonArray>("/api/tasks"))![0]!["status"],
            Is.EqualTo("completed")
        );
        Assert.That(
            (string?)(await Sandbox.GetObjectAsync("microsoft", user.Tasks[0].ExternalId))!["status"],
            Is.EqualTo("completed")
        );
        client.Dispose();
    }

    [Test]
    public async Task Retry_GivesFreshRetries_WhenTheJobHadUsedThemAll()
    {
        var (user, client, location) = await FailOneSyncAsync();
        var hangfireId = await DatabaseProbe.ScalarAsync(
            "SELECT hangfire_job_id FROM sync_jobs WHERE id = @id",
            ("id", Guid.Parse(location.Split('/')[^1]))
        );
        await DatabaseProbe.CountAsync(
            "WITH cleared AS (DELETE FROM hangfire.jobparameter WHERE jobid = @job AND name = 'RetryCount'), "
                + "spent AS (INSERT INTO hangfire.jobparameter (jobid, name, value) VALUES (@job, 'RetryCount', "
                + "'5') RETURNING 1) SELECT COUNT(*) FROM spent",
            ("job", long.Parse(hangfireId!))
        );
        await Sandbox.AddFaultAsync("microsoft", user.ListId, 503, count: 1);

        await client.PostAsync($"{location}/retry", null);

        var job = await SyncJobProbe.WaitForStatusAsync(client, location, "completed", Deadline);
        Assert.That(
            (int)job["attempts"]!,
            Is.EqualTo(3),
            "403, then 503 retried once more instead of dead-lettering, then success"
        );
        client.Dispose();
    }

    [Test]
    public async Task DashboardRequeue_UpdatesTheSyncJobAndSyncs()
    {
        var (_, client, location) = await FailOneSyncAsync();
        var hangfireId = await DatabaseProbe.ScalarAsync(
            "SELECT hangfire_job_id FROM sync_jobs WHERE id = @id",
            ("id", Guid.Parse(location.Split('/')[^1]))
        );
        using var dashboard = await TestEnvironment.Api.CreateSupportClientAsync("support-requeue");

        var requeue = await dashboard.PostToDashboardAsync(
            "/hangfire/jobs/failed/requeue",
            new FormUrlEncodedContent([new("jobs[]", hangfireId!)])
        );

        Assert.That((int)requeue.StatusCode, Is.InRange(200, 299), await requeue.Content.ReadAsStringAsync());
        await SyncJobProbe.WaitForStatusAsync(client, location, "completed", Deadline);
        var audited = await DatabaseProbe.CountAsync(
            "SELECT COUNT(*) FROM audit_log WHERE actor = 'support-requeue' AND action = "
                + "'dashboard/jobs/failed/requeue' AND outcome = 'done' AND sync_job_id = @job",
            ("job", Guid.Parse(location.Split('/')[^1]))
        );
        Assert.That(audited, Is.EqualTo(1), "the Requeue is in the audit log with who did it");
        client.Dispose();
    }

    [Test]
    public async Task Retry_Returns409_WhenJobIsNotFailed()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var response = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
        await SyncJobProbe.WaitForStatusAsync(client, response.Headers.Location!.ToString(), "completed", Deadline);

        var retried = await client.PostAsync($"{response.Headers.Location}/retry", null);

        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task ListSyncJobs_Returns400Problem_WhenStatusIsUnknown()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);

        var response = await client.GetAsync("/api/sync/jobs?status=broken");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
