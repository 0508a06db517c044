using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

public sealed class SyncJobsApiTests
{
    [Test]
    public async Task GetSyncJob_Returns404_WhenJobBelongsToAnotherUser()
    {
        var owner = await TestUsers.CreateWithTodoTasksAsync();
        using var ownerClient = await TestEnvironment.Api.CreateClientAsync(owner.Subject);
        var accepted = await ownerClient.PostAsync($"/api/tasks/{owner.Tasks[0].Id}/complete", null);
        var other = await TestUsers.CreateWithTodoTasksAsync();
        using var otherClient = await TestEnvironment.Api.CreateClientAsync(other.Subject);

        var response = await otherClient.GetAsync(accepted.Headers.Location);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await ownerClient.GetAsync(accepted.Headers.Location)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task GetSyncJob_Returns400Problem_WhenIdIsMalformed()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);

        var response = await client.GetAsync("/api/sync/jobs/123");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["id"], Is.Not.Null);
    }

    [Test]
    public async Task GetTasks_ShowsLatestSync_AfterACompletion()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var accepted = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
        Assert.That(
            accepted.StatusCode,
            Is.EqualTo(HttpStatusCode.Accepted),
            await accepted.Content.ReadAsStringAsync()
        );
        var job = await accepted.Content.ReadFromJsonAsync<JsonObject>();

        var task = await Eventually.ReturnsAsync(
            async () => (await client.GetFromJsonAsync<JsonArray>("/api/tasks"))![0]!,
            view => (string?)view["sync"]?["status"] == "completed",
            TimeSpan.FromSeconds(5),
            "the task's sync to show completed"
        );

        Assert.That((string?)task["sync"]!["id"], Is.EqualTo((string?)job!["id"]));
        Assert.That((string?)task["status"], Is.EqualTo("completed"));
    }
}
