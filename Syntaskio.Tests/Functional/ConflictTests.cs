using System.Net.Http.Headers;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>A task changed or deleted at the vendor since our last confirmed sync is a conflict, never overwritten.</summary>
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
        await Sandbox.SeedTodoAsync(user.AccessToken, listId, taskId, status: "inProgress", refreshToken: user.RefreshToken);

        var reopened = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/reopen", null);

        var job = await SyncJobProbe.WaitForStatusAsync(client, reopened.Headers.Location!.ToString(), "failed", Deadline);
        Assert.That((string?)job["error"], Does.StartWith("Conflict:").And.Contain("'inProgress'").And.Contain("'completed'"));
        Assert.That((int)job["attempts"]!, Is.EqualTo(1));
        var vendor = await Sandbox.GetObjectAsync("microsoft", user.Tasks[0].ExternalId);
        Assert.That(((string?)vendor!["status"], (int)vendor["writes"]!), Is.EqualTo(("inProgress", 0)), "the vendor's change was not overwritten");
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

        var job = await SyncJobProbe.WaitForStatusAsync(client, reopened.Headers.Location!.ToString(), "failed", Deadline);
        Assert.That((string?)job["error"], Does.StartWith("Conflict:").And.Contain("'deleted'").And.Contain("'completed'"));
        client.Dispose();
    }
}
