using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// The story's update action (PUT /api/tasks/{id}/status) and "in progress" at every vendor that has it, through the
/// API to the emulator: the same path as complete and reopen, recorded as "update".
/// </summary>
public sealed class TaskStatusUpdateTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Test]
    public async Task UpdateStatus_InProgress_IsSyncedAsAnUpdate_AndToDoShowsInProgress()
    {
        var user = await EveryKindUser.CreateAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var task = user.Tasks["todo_task"];

        var accepted = await client.PutAsJsonAsync($"/api/tasks/{task.Id}/status", new { status = "in_progress" });

        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var job = await SyncJobProbe.WaitForStatusAsync(
            client,
            accepted.Headers.Location!.ToString(),
            "completed",
            Deadline
        );
        Assert.That(((string?)job["action"], (string?)job["targetStatus"]), Is.EqualTo(("update", "in_progress")));
        var vendor = await TestEnvironment.Sandbox.GetObjectAsync("microsoft", task.ExternalId);
        Assert.That((string?)vendor!["status"], Is.EqualTo("inProgress"));
        Assert.That((string?)(await TaskAsync(client, task.Id))["status"], Is.EqualTo("in_progress"));
    }

    [Test]
    public async Task UpdateStatus_Completed_ClosesAConnectWiseTicket_AsCompleteWould()
    {
        var user = await EveryKindUser.CreateAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var ticket = user.Tasks["service_ticket"];

        var accepted = await client.PutAsJsonAsync($"/api/tasks/{ticket.Id}/status", new { status = "completed" });
        await SyncJobProbe.WaitForStatusAsync(client, accepted.Headers.Location!.ToString(), "completed", Deadline);

        var vendor = await TestEnvironment.Sandbox.GetObjectAsync("connectwise", ticket.ExternalId);
        Assert.That(((string?)vendor!["status"], (bool)vendor["done"]!), Is.EqualTo(("Closed (resolved)", true)));
    }

    [TestCase("done")]
    [TestCase("IN_PROGRESS")]
    [TestCase(null)]
    public async Task UpdateStatus_Returns400AndWritesNothing_WhenTheStatusIsUnknown(string? status)
    {
        var user = await EveryKindUser.CreateAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var jobsBefore = await DatabaseProbe.SyncJobCountAsync();

        var response = await client.PutAsJsonAsync($"/api/tasks/{user.Tasks["todo_task"].Id}/status", new { status });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.That((string?)problem["errors"]!["status"]![0], Does.Contain("pending, in_progress or completed"));
        Assert.That(await DatabaseProbe.SyncJobCountAsync(), Is.EqualTo(jobsBefore));
    }

    [Test]
    public async Task UpdateStatus_InProgress_Returns400AndWritesNothing_ForAConnectWiseTicketTask()
    {
        var user = await EveryKindUser.CreateAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var jobsBefore = await DatabaseProbe.SyncJobCountAsync();

        var response = await client.PutAsJsonAsync(
            $"/api/tasks/{user.Tasks["service_ticket_task"].Id}/status",
            new { status = "in_progress" }
        );

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await DatabaseProbe.SyncJobCountAsync(), Is.EqualTo(jobsBefore));
    }

    [Test]
    public async Task Start_MovesAToDoTaskToInProgress()
    {
        var user = await EveryKindUser.CreateAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var task = user.Tasks["todo_task"];

        var accepted = await client.PostAsync($"/api/tasks/{task.Id}/start", null);
        await SyncJobProbe.WaitForStatusAsync(client, accepted.Headers.Location!.ToString(), "completed", Deadline);

        var vendor = await TestEnvironment.Sandbox.GetObjectAsync("microsoft", task.ExternalId);
        Assert.That((string?)vendor!["status"], Is.EqualTo("inProgress"));
    }

    [Test]
    public async Task GetTasks_SaysWhichTasksCanBeStarted()
    {
        var user = await EveryKindUser.CreateAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);

        var canStart = new Dictionary<string, bool?>();
        foreach (var name in new[] { "todo_task", "service_ticket", "project_ticket", "service_ticket_task" })
            canStart[name] = (bool?)(await TaskAsync(client, user.Tasks[name].Id))["canStart"];

        Assert.That(
            canStart,
            Is.EqualTo(
                new Dictionary<string, bool?>
                {
                    ["todo_task"] = true,
                    ["service_ticket"] = true,
                    ["project_ticket"] = true,
                    ["service_ticket_task"] = false,
                }
            )
        );
    }

    private static async Task<JsonObject> TaskAsync(HttpClient client, Guid taskId) =>
        (await client.GetFromJsonAsync<JsonArray>("/api/tasks"))!
            .Select(node => node!.AsObject())
            .Single(task => (string?)task["id"] == taskId.ToString());
}
