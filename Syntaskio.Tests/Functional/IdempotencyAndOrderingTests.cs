using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// Idempotency-Key replays, no second vendor write for a repeated change, and the latest intent winning.
/// </summary>
public sealed class IdempotencyAndOrderingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static SandboxServer Sandbox => TestEnvironment.Sandbox;

    [TearDown]
    public Task ClearFaults() => Sandbox.ClearFaultsAsync();

    private static HttpRequestMessage Post(string path, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (key is not null)
            request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Test]
    public async Task SameIdempotencyKey_ReturnsTheSameJobAndWritesNothingNew()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var key = Guid.NewGuid().ToString();

        var first = await client.SendAsync(Post($"/api/tasks/{user.Tasks[0].Id}/complete", key));
        var (jobsAfterFirst, hangfireAfterFirst) = (
            await DatabaseProbe.SyncJobCountAsync(),
            await DatabaseProbe.HangfireJobCountAsync()
        );
        var second = await client.SendAsync(Post($"/api/tasks/{user.Tasks[0].Id}/complete", key));

        Assert.That(
            (first.StatusCode, second.StatusCode),
            Is.EqualTo((HttpStatusCode.Accepted, HttpStatusCode.Accepted))
        );
        Assert.That(second.Headers.Location, Is.EqualTo(first.Headers.Location));
        Assert.That(await DatabaseProbe.SyncJobCountAsync(), Is.EqualTo(jobsAfterFirst));
        Assert.That(await DatabaseProbe.HangfireJobCountAsync(), Is.EqualTo(hangfireAfterFirst));
    }

    [Test]
    public async Task SameIdempotencyKeyConcurrently_CreatesOneJob()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(_ => client.SendAsync(Post($"/api/tasks/{user.Tasks[0].Id}/complete", key)))
        );

        Assert.That(responses.Select(response => response.StatusCode), Has.All.EqualTo(HttpStatusCode.Accepted));
        Assert.That(responses.Select(response => response.Headers.Location).Distinct().Count(), Is.EqualTo(1));
        Assert.That(
            await DatabaseProbe.CountAsync(
                "SELECT COUNT(*) FROM sync_jobs WHERE task_id = @id",
                ("id", user.Tasks[0].Id)
            ),
            Is.EqualTo(1)
        );
    }

    [Test]
    public async Task IdempotencyKeyReusedForAnotherTask_Returns422AndWritesNothing()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(taskCount: 2);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var key = Guid.NewGuid().ToString();
        await client.SendAsync(Post($"/api/tasks/{user.Tasks[0].Id}/complete", key));

        var reused = await client.SendAsync(Post($"/api/tasks/{user.Tasks[1].Id}/complete", key));

        Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(
            await DatabaseProbe.CountAsync(
                "SELECT COUNT(*) FROM sync_jobs WHERE task_id = @id",
                ("id", user.Tasks[1].Id)
            ),
            Is.Zero
        );
    }

    [TestCase("")]
    [TestCase("has space")]
    public async Task MalformedIdempotencyKey_Returns400(string key)
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);

        var response = await client.SendAsync(Post($"/api/tasks/{user.Tasks[0].Id}/complete", key));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task CompletingACompletedTask_MakesNoSecondVendorWrite()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var first = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
        await SyncJobProbe.WaitForStatusAsync(client, first.Headers.Location!.ToString(), "completed", Deadline);

        var second = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
        await SyncJobProbe.WaitForStatusAsync(client, second.Headers.Location!.ToString(), "completed", Deadline);

        Assert.That(
            (int)(await Sandbox.GetObjectAsync("microsoft", user.Tasks[0].ExternalId))!["writes"]!,
            Is.EqualTo(1)
        );
    }

    [Test]
    public async Task CompleteReopenComplete_InQuickSuccession_EndsCompleted()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await Sandbox.AddFaultAsync("microsoft", user.ListId, 0, count: 6, latencyMs: 200);
        var path = $"/api/tasks/{user.Tasks[0].Id}";

        var locations = new List<string>();
        foreach (var action in new[] { "complete", "reopen", "complete" })
            locations.Add((await client.PostAsync($"{path}/{action}", null)).Headers.Location!.ToString());

        foreach (var location in locations[..^1])
            await Eventually.ReturnsAsync(
                () => SyncJobProbe.GetAsync(client, location),
                job => (string?)job["status"] is "completed" or "superseded",
                Deadline,
                $"{location} to be written or superseded"
            );
        await SyncJobProbe.WaitForStatusAsync(client, locations[^1], "completed", Deadline);
        Assert.That(
            (string?)(await Sandbox.GetObjectAsync("microsoft", user.Tasks[0].ExternalId))!["status"],
            Is.EqualTo("completed")
        );
        Assert.That(
            (string?)(await client.GetFromJsonAsync<JsonArray>("/api/tasks"))![0]!["status"],
            Is.EqualTo("completed")
        );
    }

    [Test]
    public async Task StaleJob_WritesNothing_WhenANewerChangeToTheTaskExists()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await Sandbox.AddFaultAsync("microsoft", user.ListId, 503, count: 1);
        var stale = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
        await Eventually.ReturnsAsync(
            () =>
                DatabaseProbe.CountAsync(
                    "SELECT COUNT(*) FROM sync_attempts WHERE sync_job_id = @id",
                    ("id", Guid.Parse(stale.Headers.Location!.ToString().Split('/')[^1]))
                ),
            count => count == 1,
            Deadline,
            "the first attempt to fail"
        );

        var latest = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/reopen", null);

        await SyncJobProbe.WaitForStatusAsync(client, stale.Headers.Location!.ToString(), "superseded", Deadline);
        await SyncJobProbe.WaitForStatusAsync(client, latest.Headers.Location!.ToString(), "completed", Deadline);
        var superseded = await DatabaseProbe.ScalarAsync(
            "SELECT provider_result->>'superseded' FROM sync_jobs WHERE id = @id",
            ("id", Guid.Parse(stale.Headers.Location!.ToString().Split('/')[^1]))
        );
        Assert.That(superseded, Is.EqualTo("true"));
        Assert.That(
            (int)(await Sandbox.GetObjectAsync("microsoft", user.Tasks[0].ExternalId))!["writes"]!,
            Is.Zero,
            "neither the stale complete nor the matching reopen wrote"
        );
    }
}
