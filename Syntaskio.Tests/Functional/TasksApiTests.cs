using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

public sealed class TasksApiTests
{
    [Test]
    public async Task GetTasks_ReturnsOnlyCallersTasks_WithExternalIdAndNoSync()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(taskCount: 2);
        await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);

        var tasks = await client.GetFromJsonAsync<JsonArray>("/api/tasks");

        Assert.That(
            tasks!.Select(task => (string?)task!["externalId"]),
            Is.EquivalentTo(user.Tasks.Select(task => task.ExternalId))
        );
        var first = tasks![0]!.AsObject();
        Assert.That((string?)first["source"], Is.EqualTo("microsoft"));
        Assert.That((string?)first["kind"], Is.EqualTo("todo_task"));
        Assert.That((string?)first["status"], Is.EqualTo("pending"));
        Assert.That(first["sync"], Is.Null);
    }

    [Test]
    public async Task CompleteTask_Returns202WithLocationAndStoryFields_WhenTaskIsCallers()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);

        var response = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var job = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo($"/api/sync/jobs/{job["id"]}"));
        string[] storyFields =
        [
            "id",
            "taskId",
            "userId",
            "source",
            "action",
            "targetStatus",
            "attempts",
            "maxAttempts",
            "status",
            "error",
            "scheduledAt",
            "processedAt",
            "createdAt",
        ];
        Assert.That(job.Select(property => property.Key), Is.EquivalentTo(storyFields));
        Assert.That((string?)job["action"], Is.EqualTo("complete"));
        Assert.That((string?)job["targetStatus"], Is.EqualTo("completed"));
        Assert.That((int)job["maxAttempts"]!, Is.EqualTo(6), "the first call and SyncRetryPolicy's 5 retries");
    }

    [Test]
    public async Task CompleteTask_Returns400ProblemAndWritesNothing_WhenIdIsMalformed()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var (jobsBefore, hangfireBefore) = (
            await DatabaseProbe.SyncJobCountAsync(),
            await DatabaseProbe.HangfireJobCountAsync()
        );

        var response = await client.PostAsync("/api/tasks/not-a-uuid/complete", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That(problem!["errors"]!["taskId"], Is.Not.Null);
        Assert.That(await DatabaseProbe.SyncJobCountAsync(), Is.EqualTo(jobsBefore));
        Assert.That(await DatabaseProbe.HangfireJobCountAsync(), Is.EqualTo(hangfireBefore));
    }

    [Test]
    public async Task CompleteTask_Returns404AndWritesNothing_WhenTaskBelongsToAnotherUser()
    {
        var owner = await TestUsers.CreateWithTodoTasksAsync();
        var intruder = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(intruder.Subject);
        var (jobsBefore, hangfireBefore) = (
            await DatabaseProbe.SyncJobCountAsync(),
            await DatabaseProbe.HangfireJobCountAsync()
        );

        var response = await client.PostAsync($"/api/tasks/{owner.Tasks[0].Id}/complete", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await DatabaseProbe.SyncJobCountAsync(), Is.EqualTo(jobsBefore));
        Assert.That(await DatabaseProbe.HangfireJobCountAsync(), Is.EqualTo(hangfireBefore));
        var status = await DatabaseProbe.ScalarAsync(
            "SELECT status FROM tasks WHERE id = @id",
            ("id", owner.Tasks[0].Id)
        );
        Assert.That(status, Is.EqualTo("pending"));
    }

    [Test]
    public async Task CompleteTask_Returns404_WhenTaskIdIsUnknown()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);

        var response = await client.PostAsync($"/api/tasks/{Guid.NewGuid()}/reopen", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("GET", "/api/tasks")]
    [TestCase("POST", "/api/tasks/00000000-0000-0000-0000-000000000001/complete")]
    [TestCase("GET", "/api/sync/jobs/00000000-0000-0000-0000-000000000001")]
    public async Task ApiRoutes_Return401Problem_WhenNoBearerToken(string method, string path)
    {
        using var client = TestEnvironment.Api.CreateClient();
        var jobsBefore = await DatabaseProbe.SyncJobCountAsync();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await DatabaseProbe.SyncJobCountAsync(), Is.EqualTo(jobsBefore));
    }

    [Test]
    public async Task CompleteTask_Returns401_WhenTokenSignedWithAnotherKey()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = TestEnvironment.Api.CreateClient();
        var forged = TestTokens.Create(user.Subject, signingKey: new byte[32]);
        client.DefaultRequestHeaders.Authorization = new("Bearer", forged);

        var response = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
