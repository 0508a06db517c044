using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// A task changed or deleted at the vendor since our last confirmed sync is a conflict, never overwritten.
/// </summary>
public sealed class ConflictTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static SandboxServer Sandbox => TestEnvironment.Sandbox;

    private static async Task<(TestUser User, HttpClient Client)> CompletedTaskAsync()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var completed = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
        await SyncJobProbe.WaitForStatusAsync(client, completed.Headers.Location!.ToString(), "completed", Deadline);
        return (user, client);
    }

    [Test]
    public async Task Reopen_IsAConflict_WhenSomeoneMovedTheTaskAtTheVendor()
    {
        var (user, client) = await CompletedTaskAsync();
        var (listId, taskId) = (user.ListId, user.Tasks[0].ExternalId.Split('/')[1]);
        await Sandbox.SeedTodoAsync(
            user.AccessToken,
            listId,
            taskId,
            status: "inProgress",
            refreshToken: user.RefreshToken
        );

        var reopened = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/reopen", null);

        var job = await SyncJobProbe.WaitForStatusAsync(
            client,
            reopened.Headers.Location!.ToString(),
            "failed",
            Deadline
        );
        Assert.That(
            (string?)job["error"],
            Does.StartWith("Conflict:").And.Contain("'inProgress'").And.Contain("'completed'")
        );
        Assert.That((int)job["attempts"]!, Is.EqualTo(1));
        var vendor = await Sandbox.GetObjectAsync("microsoft", user.Tasks[0].ExternalId);
        Assert.That(
            ((string?)vendor!["status"], (int)vendor["writes"]!),
            Is.EqualTo(("inProgress", 0)),
            "the vendor's change was not overwritten"
        );
        client.Dispose();
    }

    [Test]
    public async Task Reopen_IsAConflict_WhenTheTaskWasDeletedAtTheVendor()
    {
        var (user, client) = await CompletedTaskAsync();
        using var graph = new HttpClient { BaseAddress = new Uri(Sandbox.BaseUrl, "/graph/v1.0/") };
        graph.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        var deleted = await graph.DeleteAsync($"me/todo/lists/{user.Tasks[0].ExternalId.Replace("/", "/tasks/")}");
        Assert.That((int)deleted.StatusCode, Is.EqualTo(204));

        var reopened = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/reopen", null);

        var job = await SyncJobProbe.WaitForStatusAsync(
            client,
            reopened.Headers.Location!.ToString(),
            "failed",
            Deadline
        );
        Assert.That(
            (string?)job["error"],
            Does.StartWith("Conflict:").And.Contain("'deleted'").And.Contain("'completed'")
        );
        client.Dispose();
    }

    private static async Task<(TestUser User, HttpClient Client, string ConflictJob)> ConflictAsync()
    {
        var (user, client) = await CompletedTaskAsync();
        var (listId, taskId) = (user.ListId, user.Tasks[0].ExternalId.Split('/')[1]);
        await Sandbox.SeedTodoAsync(
            user.AccessToken,
            listId,
            taskId,
            status: "inProgress",
            refreshToken: user.RefreshToken
        );
        var reopened = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/reopen", null);
        var job = await SyncJobProbe.WaitForStatusAsync(
            client,
            reopened.Headers.Location!.ToString(),
            "failed",
            Deadline
        );
        return (user, client, (string)job["id"]!);
    }

    [Test]
    public async Task Conflict_IsMarkedOnTheTask_SoTheUserCanChoose()
    {
        var (user, client, conflictJob) = await ConflictAsync();

        var tasks = await client.GetFromJsonAsync<JsonArray>("/api/tasks");

        var sync = tasks!.Single(task => (string?)task!["id"] == user.Tasks[0].Id.ToString())!["sync"]!;
        Assert.That(
            ((string?)sync["id"], (string?)sync["failureKind"], (string?)sync["resolution"]),
            Is.EqualTo((conflictJob, "conflict", (string?)null))
        );
        client.Dispose();
    }

    [Test]
    public async Task ResolveKeepSource_SettlesTheConflict_AndTheNextChangeExpectsTheSourcesStatus()
    {
        var (user, client, conflictJob) = await ConflictAsync();

        var kept = await client.PostAsJsonAsync(
            $"/api/sync/jobs/{conflictJob}/resolve",
            new { choice = "keep-source" }
        );
        var statusAfterKeeping = await DatabaseProbe.ScalarAsync(
            "SELECT status FROM tasks WHERE id = @task",
            ("task", user.Tasks[0].Id)
        );
        var again = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
        await SyncJobProbe.WaitForStatusAsync(client, again.Headers.Location!.ToString(), "completed", Deadline);

        Assert.That(kept.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(
            statusAfterKeeping,
            Is.EqualTo("pending"),
            "the source shows 'inProgress', which is not done: the task is open like it"
        );
        var vendor = await Sandbox.GetObjectAsync("microsoft", user.Tasks[0].ExternalId);
        Assert.That(
            (string?)vendor!["status"],
            Is.EqualTo("completed"),
            "the next change was written: it expected the source's 'inProgress'"
        );
        client.Dispose();
    }

    [Test]
    public async Task ResolvePushOurs_WritesOurChangeOverTheSources()
    {
        var (user, client, conflictJob) = await ConflictAsync();

        var pushed = await client.PostAsJsonAsync(
            $"/api/sync/jobs/{conflictJob}/resolve",
            new { choice = "push-ours" }
        );
        await SyncJobProbe.WaitForStatusAsync(client, pushed.Headers.Location!.ToString(), "completed", Deadline);
        var twice = await client.PostAsJsonAsync($"/api/sync/jobs/{conflictJob}/resolve", new { choice = "push-ours" });

        Assert.That(pushed.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var vendor = await Sandbox.GetObjectAsync("microsoft", user.Tasks[0].ExternalId);
        Assert.That(
            (string?)vendor!["status"],
            Is.EqualTo("notStarted"),
            "our reopen overwrote the source's 'inProgress'"
        );
        Assert.That(
            twice.StatusCode,
            Is.EqualTo(HttpStatusCode.Conflict),
            "a settled conflict cannot be settled again"
        );
        client.Dispose();
    }

    [Test]
    public async Task Resolve_Is409_WhenTheJobIsNotAConflict_And400_ForAnUnknownChoice()
    {
        var (user, client) = await CompletedTaskAsync();
        var jobs = await client.GetFromJsonAsync<JsonArray>("/api/sync/jobs");
        var completedJob = (string)jobs![0]!["id"]!;

        var notConflict = await client.PostAsJsonAsync(
            $"/api/sync/jobs/{completedJob}/resolve",
            new { choice = "keep-source" }
        );
        var badChoice = await client.PostAsJsonAsync(
            $"/api/sync/jobs/{completedJob}/resolve",
            new { choice = "overwrite-everything" }
        );

        Assert.That(
            (notConflict.StatusCode, badChoice.StatusCode),
            Is.EqualTo((HttpStatusCode.Conflict, HttpStatusCode.BadRequest))
        );
        Assert.That(
            await DatabaseProbe.CountAsync(
                "SELECT COUNT(*) FROM sync_jobs WHERE task_id = @task",
                ("task", user.Tasks[0].Id)
            ),
            Is.EqualTo(1)
        );
        client.Dispose();
    }
}
