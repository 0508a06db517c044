using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>Failures users and support staff meet: a job deleted in the dashboard, and a provider down too
/// long.</summary>
public sealed class FailureHandlingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Test]
    public async Task DashboardDelete_RollsTheTaskBack_AndTellsTheStream()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        // A Retry-After of 30 s keeps the retry in Hangfire's Scheduled list, where support deletes it.
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", user.ListId, 503, count: 1, retryAfterSeconds: 30);
        await using var stream = await EventStreamClient.OpenAsync(client);
        await stream.NextAsync(Deadline);
        var location = (
            await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null)
        ).Headers.Location!.ToString();
        await Eventually.ReturnsAsync(
            () => SyncJobProbe.GetAsync(client, location),
            job => (int)job["attempts"]! >= 1,
            Deadline,
            "a retry"
        );
        var hangfireId = await DatabaseProbe.ScalarAsync(
            "SELECT hangfire_job_id FROM sync_jobs WHERE id = @id",
            ("id", Guid.Parse(location.Split('/')[^1]))
        );
        using var dashboard = await TestEnvironment.Api.CreateSupportClientAsync("support-delete");

        var deleted = await dashboard.PostToDashboardAsync(
            "/hangfire/jobs/scheduled/delete",
            new FormUrlEncodedContent([new("jobs[]", hangfireId!)])
        );
        var job = await SyncJobProbe.WaitForStatusAsync(client, location, "failed", Deadline);
        var events = await stream.ReadUntilAsync(e => e.Type == "sync.failed", TimeSpan.FromSeconds(1));

        Assert.That((int)deleted.StatusCode, Is.InRange(200, 299));
        Assert.That((string?)job["error"], Does.Contain("deleted"));
        Assert.That(
            (string?)(await client.GetFromJsonAsync<JsonArray>("/api/tasks"))![0]!["status"],
            Is.EqualTo("pending")
        );
        Assert.That((string?)events[^1].Data["taskStatus"], Is.EqualTo("pending"));
    }

    [Test]
    public async Task DashboardRequeue_OfAJobStillBeingWritten_DoesNotWriteItTwice()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", user.ListId, 0, count: 1, latencyMs: 1500);
        var location = (
            await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null)
        ).Headers.Location!.ToString();
        await SyncJobProbe.WaitForStatusAsync(client, location, "processing", Deadline);
        var hangfireId = await DatabaseProbe.ScalarAsync(
            "SELECT hangfire_job_id FROM sync_jobs WHERE id = @id",
            ("id", Guid.Parse(location.Split('/')[^1]))
        );
        using var dashboard = await TestEnvironment.Api.CreateSupportClientAsync("support-requeue-running");

        var requeued = await dashboard.PostToDashboardAsync(
            "/hangfire/jobs/processing/requeue",
            new FormUrlEncodedContent([new("jobs[]", hangfireId!)])
        );
        await SyncJobProbe.WaitForStatusAsync(client, location, "completed", Deadline);
        var patches = (await TestEnvironment.Sandbox.RequestsToAsync("microsoft", user.ListId)).Count(request =>
            (string?)request["method"] == "PATCH"
        );

        Assert.That((int)requeued.StatusCode, Is.InRange(200, 299), await requeued.Content.ReadAsStringAsync());
        Assert.That(patches, Is.EqualTo(1), "one write at the vendor");
        Assert.That(
            (int)(await TestEnvironment.Sandbox.GetObjectAsync("microsoft", user.Tasks[0].ExternalId))!["writes"]!,
            Is.EqualTo(1)
        );
    }

    [Test]
    public async Task ProviderDownLongerThanMaxDeferral_DeadLettersSayingSinceWhen_AndTheDeadLetterCanBeRetried()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, listId, tasks) = await deployment.CreateUserAsync(1);
        deployment.StartWorker(
            settings: new Dictionary<string, string>
            {
                ["Sync__MaxDeferral"] = "00:00:02",
                ["Sync__CircuitBreaker__FailureThreshold"] = "1",
                ["Sync__CircuitBreaker__OpenDuration"] = "00:00:02",
            }
        );
        await TestEnvironment.Sandbox.AddOutageAsync("microsoft", listId, 503, TimeSpan.FromSeconds(60));

        var location = (
            await client.PostAsync($"/api/tasks/{tasks[0].Id}/complete", null)
        ).Headers.Location!.ToString();
        var failed = await SyncJobProbe.WaitForStatusAsync(client, location, "failed", Deadline);
        await TestEnvironment.Sandbox.ClearFaultsAsync();
        (await client.PostAsync($"{location}/retry", null)).EnsureSuccessStatusCode();
        await SyncJobProbe.WaitForStatusAsync(client, location, "completed", Deadline);

        Assert.That((string?)failed["error"], Does.StartWith("Microsoft To Do has been unavailable since"));
        client.Dispose();
    }
}
