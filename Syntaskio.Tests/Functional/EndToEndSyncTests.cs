using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// The story's AC 1-4 over real HTTP: API on loopback, Hangfire on real PostgreSQL, emulator on loopback.
/// </summary>
public sealed class EndToEndSyncTests
{
    private static SandboxServer Sandbox => TestEnvironment.Sandbox;

    [TearDown]
    public Task ClearFaults() => Sandbox.ClearFaultsAsync();

    [Test]
    public async Task CompleteTask_LandsInMicrosoftTodoWithinFiveSeconds_WhenProviderHealthy()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var task = user.Tasks[0];

        var response = await client.PostAsync($"/api/tasks/{task.Id}/complete", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var vendor = await Eventually.ReturnsAsync(
            () => Sandbox.GetObjectAsync("microsoft", task.ExternalId),
            view => (string?)view?["status"] == "completed",
            TimeSpan.FromSeconds(5),
            "the emulator to show the To Do task completed"
        );
        Assert.That((bool)vendor!["done"]!, Is.True);
        Assert.That((int)vendor["writes"]!, Is.EqualTo(1));

        var job = await SyncJobProbe.WaitForStatusAsync(
            client,
            response.Headers.Location!.ToString(),
            "completed",
            TimeSpan.FromSeconds(5)
        );
        Assert.That((int)job["attempts"]!, Is.EqualTo(1));
        Assert.That(job["processedAt"], Is.Not.Null);
    }

    [Test]
    public async Task ReopenTask_SetsNotStartedAtMicrosoft_WhenTaskWasCompleted()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(status: "completed");
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var task = user.Tasks[0];

        var response = await client.PostAsync($"/api/tasks/{task.Id}/reopen", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        await Eventually.ReturnsAsync(
            () => Sandbox.GetObjectAsync("microsoft", task.ExternalId),
            view => (string?)view?["status"] == "notStarted",
            TimeSpan.FromSeconds(5),
            "the emulator to show the To Do task not started"
        );
        var tasks = await client.GetFromJsonAsync<JsonArray>("/api/tasks");
        Assert.That((string?)tasks![0]!["status"], Is.EqualTo("pending"));
    }

    [Test]
    public async Task CompleteTask_SucceedsAfterRetries_WhenProviderFailsTwiceWith503()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await Sandbox.AddFaultAsync("microsoft", user.ListId, 503, count: 2);

        var response = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);

        var job = await SyncJobProbe.WaitForStatusAsync(
            client,
            response.Headers.Location!.ToString(),
            "completed",
            TimeSpan.FromSeconds(15)
        );
        Assert.That((int)job["attempts"]!, Is.EqualTo(3));
        Assert.That(
            (string?)(await Sandbox.GetObjectAsync("microsoft", user.Tasks[0].ExternalId))!["status"],
            Is.EqualTo("completed")
        );
    }

    [Test]
    public async Task CompleteTask_FailsWithoutRetry_WhenProviderAnswers403()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await Sandbox.AddFaultAsync("microsoft", user.ListId, 403, count: 1);

        var response = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);

        var job = await SyncJobProbe.WaitForStatusAsync(
            client,
            response.Headers.Location!.ToString(),
            "failed",
            TimeSpan.FromSeconds(5)
        );
        Assert.That((int)job["attempts"]!, Is.EqualTo(1));
        Assert.That((string?)job["error"], Does.Contain("403").And.Contain("ErrorAccessDenied"));
        Assert.That(
            (string?)(await Sandbox.GetObjectAsync("microsoft", user.Tasks[0].ExternalId))!["status"],
            Is.EqualTo("notStarted")
        );
    }
}
