using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Jobs.Lifecycle;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// A write whose answer is lost may have landed. Measured at the emulator's journal and on the event stream: the
/// retry reads before it writes, so a write that landed is confirmed with no second write; and when nothing more
/// can be learned, the task keeps the person's status as unconfirmed, not rolled back, until a read settles it.
/// </summary>
public sealed class LostAnswerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Test]
    public async Task ALostAnswer_FollowedBySuccess_IsConfirmedWithExactlyOnePatch()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(1);
        var task = user.Tasks[0];
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", TaskId(task), 0, 1, method: "PATCH", lostAnswer: true);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);

        var accepted = await client.PostAsync($"/api/tasks/{task.Id}/complete", null);
        var job = await SyncJobProbe.WaitForStatusAsync(
            client,
            accepted.Headers.Location!.ToString(),
            "completed",
            Deadline
        );

        var journal = await TestEnvironment.Sandbox.RequestsToAsync("microsoft", TaskId(task));
        TestContext.Out.WriteLine(string.Join(", ", journal.Select(request => (string?)request["method"])));
        Assert.That(journal.Count(request => (string?)request["method"] == "PATCH"), Is.EqualTo(1), "one write");
        Assert.That(journal.Count(request => (string?)request["method"] == "GET"), Is.EqualTo(2), "read again first");
        Assert.That((int)job["attempts"]!, Is.EqualTo(2));
        var vendor = await TestEnvironment.Sandbox.GetObjectAsync("microsoft", task.ExternalId);
        Assert.That(((string?)vendor!["status"], (int)vendor["writes"]!), Is.EqualTo(("completed", 1)));
    }

    [Test]
    public async Task ALostAnswer_FollowedByRefusals_KeepsThePersonsStatusUnconfirmed_UntilAReadSettlesIt()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(1);
        var task = user.Tasks[0];
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", TaskId(task), 0, 1, method: "PATCH", lostAnswer: true);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await using var stream = await EventStreamClient.OpenAsync(client);
        await stream.NextAsync(Deadline);

        var accepted = await client.PostAsync($"/api/tasks/{task.Id}/complete", null);
        await Eventually.ReturnsAsync(
            () => TestEnvironment.Sandbox.RequestsToAsync("microsoft", TaskId(task)),
            journal => journal.Any(request => (string?)request["method"] == "PATCH"),
            Deadline,
            "the write whose answer is lost"
        );
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", TaskId(task), 403, 10, method: "GET");
        var events = await stream.ReadUntilAsync(
            e => e.TaskId == task.Id.ToString() && e.Type is "sync.unconfirmed" or "sync.failed",
            Deadline
        );

        var job = (await client.GetFromJsonAsync<JsonObject>(accepted.Headers.Location!.ToString()))!;
        Assert.That(events[^1].Type, Is.EqualTo("sync.unconfirmed"));
        Assert.That((string?)events[^1].Data["taskStatus"], Is.EqualTo("completed"), "not rolled back");
        Assert.That((string?)job["status"], Is.EqualTo("failed"));
        Assert.That(await TaskStatusAsync(client, task.Id), Is.EqualTo("completed"));
        var listed = await TaskSyncAsync(client, task.Id);
        Assert.That((string?)listed["failureKind"], Is.EqualTo("unknown_outcome"));

        // The next read of the vendor settles it, as the watcher's poll applies it: To Do holds the change.
        await TestEnvironment
            .Api.Services.GetRequiredService<SyncLifecycleRepository>()
            .ApplyVendorChangeAsync(
                new VendorChange(
                    user.UserId,
                    "microsoft",
                    "todo_task",
                    user.ListId,
                    TaskId(task),
                    null,
                    "completed",
                    "completed",
                    DateTimeOffset.UtcNow
                ),
                CancellationToken.None
            );
        var settled = await stream.ReadUntilAsync(e => e.TaskId == task.Id.ToString(), Deadline);
        Assert.That(settled[^1].Type, Is.EqualTo("sync.completed"));
        Assert.That((string?)(await TaskSyncAsync(client, task.Id))["status"], Is.EqualTo("completed"));
    }

    // ConnectWise answers a close with 200 but a board's workflow may keep the ticket open, so a read-back checks it:
    // a 200 whose read-back is refused for good leaves the outcome unknown too.
    [Test]
    public async Task AConnectWiseClose_WhoseReadBackIsRefused_IsUnconfirmed_NotRolledBack()
    {
        var user = await EveryKindUser.CreateAsync();
        var ticket = user.Tasks["service_ticket"];
        var path = $"/tickets/{ticket.ExternalId}";
        await TestEnvironment.Sandbox.AddFaultAsync("connectwise", path, 0, 1, latencyMs: 500, method: "PATCH");
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);

        var accepted = await client.PostAsync($"/api/tasks/{ticket.Id}/complete", null);
        await Eventually.ReturnsAsync(
            () => TestEnvironment.Sandbox.RequestsToAsync("connectwise", path),
            journal => journal.Any(request => (string?)request["method"] == "PATCH"),
            Deadline,
            "the close"
        );
        await TestEnvironment.Sandbox.AddFaultAsync("connectwise", path, 403, 10, method: "GET");
        var job = await SyncJobProbe.WaitForStatusAsync(
            client,
            accepted.Headers.Location!.ToString(),
            "failed",
            Deadline
        );

        Assert.That((string?)(await TaskSyncAsync(client, ticket.Id))["failureKind"], Is.EqualTo("unknown_outcome"));
        Assert.That(await TaskStatusAsync(client, ticket.Id), Is.EqualTo("completed"), "not rolled back");
        Assert.That((string?)job["status"], Is.EqualTo("failed"));
    }

    private static string TaskId(SeededTask task) => task.ExternalId.Split('/')[1];

    private static async Task<JsonObject> TaskOfAsync(HttpClient client, Guid taskId) =>
        (await client.GetFromJsonAsync<JsonArray>("/api/tasks"))!
            .Select(node => node!.AsObject())
            .Single(task => (string?)task["id"] == taskId.ToString());

    private static async Task<string?> TaskStatusAsync(HttpClient client, Guid taskId) =>
        (string?)(await TaskOfAsync(client, taskId))["status"];

    private static async Task<JsonObject> TaskSyncAsync(HttpClient client, Guid taskId) =>
        (await TaskOfAsync(client, taskId))["sync"]!.AsObject();
}
