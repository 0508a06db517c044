using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Jobs.Lifecycle;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// GET /api/tasks/{id}/history: a person's own story of a task, in words, newest first, paged, only for its owner,
/// with no credentials and no internal ids beyond the sync job's.
/// </summary>
public sealed class TaskHistoryTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static SandboxServer Sandbox => TestEnvironment.Sandbox;

    [Test]
    public async Task History_TellsAChangeItsRetryAndItsConfirmation_NewestFirst()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(1);
        var task = user.Tasks[0];
        await Sandbox.AddFaultAsync("microsoft", task.ExternalId.Split('/')[1], 503, 1);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var accepted = await client.PostAsync($"/api/tasks/{task.Id}/complete", null);
        await SyncJobProbe.WaitForStatusAsync(client, accepted.Headers.Location!.ToString(), "completed", Deadline);

        var entries = await EntriesAsync(client, task.Id);

        Assert.That(
            entries.Select(entry => (string?)entry["kind"]),
            Is.EqualTo(new[] { "confirmed", "attempt", "attempt", "change" })
        );
        Assert.That((string?)entries[0]["text"], Is.EqualTo("Microsoft To Do confirmed (completed), after 2 attempts"));
        Assert.That((string?)entries[1]["text"], Is.EqualTo("Attempt 2: Microsoft To Do took the change"));
        Assert.That((string?)entries[2]["text"], Does.Match(@"^Microsoft To Do answered 503; retried \d+ s later$"));
        Assert.That((string?)entries[2]["vendorError"], Does.Contain("503"));
        Assert.That((string?)entries[3]["text"], Is.EqualTo("Completed here (was pending)"));
        var jobId = accepted.Headers.Location!.ToString().Split('/')[^1];
        Assert.That(entries.Select(entry => (string?)entry["syncJobId"]), Is.All.EqualTo(jobId));
        Assert.That(
            entries.SelectMany(entry => entry.Select(field => field.Key)).Distinct(),
            Is.EquivalentTo(new[] { "at", "kind", "text", "syncJobId", "vendorError" }),
            "no credentials and no internal ids beyond the sync job's"
        );
    }

    [Test]
    public async Task History_ShowsAConflictAndHowItWasSettled_AndAChangeSeenAtTheVendor()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(1);
        var task = user.Tasks[0];
        var taskId = task.ExternalId.Split('/')[1];
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var completed = await client.PostAsync($"/api/tasks/{task.Id}/complete", null);
        await SyncJobProbe.WaitForStatusAsync(client, completed.Headers.Location!.ToString(), "completed", Deadline);
        await Sandbox.SeedTodoAsync(user.AccessToken, user.ListId, taskId, "inProgress", user.RefreshToken);
        var accepted = await client.PostAsync($"/api/tasks/{task.Id}/reopen", null);
        var job = accepted.Headers.Location!.ToString();
        await SyncJobProbe.WaitForStatusAsync(client, job, "failed", Deadline);
        (await client.PostAsJsonAsync($"{job}/resolve", new { choice = "keep-source" })).EnsureSuccessStatusCode();
        await TestEnvironment
            .Api.Services.GetRequiredService<SyncLifecycleRepository>()
            .ApplyVendorChangeAsync(
                new VendorChange(
                    user.UserId,
                    "microsoft",
                    "todo_task",
                    user.ListId,
                    taskId,
                    null,
                    "completed",
                    "completed",
                    DateTimeOffset.UtcNow.AddMinutes(1)
                ),
                CancellationToken.None
            );

        var texts = (await EntriesAsync(client, task.Id)).Select(entry => (string?)entry["text"]).ToList();

        Assert.That(texts[0], Is.EqualTo("Changed in Microsoft To Do to completed (completed)"));
        Assert.That(texts, Does.Contain("Conflict settled: kept Microsoft To Do's state"));
        Assert.That(texts, Does.Contain("Conflict: Microsoft To Do was changed meanwhile; choose which state to keep"));
    }

    [Test]
    public async Task History_Pages_WithLimitAndNextBefore_WithoutGapsOrRepeats()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(1);
        var task = user.Tasks[0];
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        foreach (var action in new[] { "complete", "reopen", "complete" })
        {
            var accepted = await client.PostAsync($"/api/tasks/{task.Id}/{action}", null);
            await SyncJobProbe.WaitForStatusAsync(client, accepted.Headers.Location!.ToString(), "completed", Deadline);
        }
        var whole = await EntriesAsync(client, task.Id);

        var paged = new List<JsonObject>();
        string? before = null;
        do
        {
            var query = before is null ? "" : $"&before={Uri.EscapeDataString(before)}";
            var page = (await client.GetFromJsonAsync<JsonObject>($"/api/tasks/{task.Id}/history?limit=4{query}"))!;
            paged.AddRange(page["entries"]!.AsArray().Select(entry => entry!.AsObject()));
            before = (string?)page["nextBefore"];
        } while (before is not null);

        Assert.That(whole, Has.Count.EqualTo(9), "three changes, each with its attempt and confirmation");
        Assert.That(paged.Select(Text), Is.EqualTo(whole.Select(Text)));
    }

    [Test]
    public async Task History_Answers404_ForAnotherPersonsTask()
    {
        var owner = await TestUsers.CreateWithTodoTasksAsync(1);
        var other = await TestUsers.CreateWithTodoTasksAsync(1);
        using var client = await TestEnvironment.Api.CreateClientAsync(other.Subject);

        var response = await client.GetAsync($"/api/tasks/{owner.Tasks[0].Id}/history");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [TestCase("limit=0")]
    [TestCase("limit=201")]
    [TestCase("before=yesterday")]
    public async Task History_Answers400_ForABadQuery(string query)
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(1);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);

        var response = await client.GetAsync($"/api/tasks/{user.Tasks[0].Id}/history?{query}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    private static string Text(JsonObject entry) => $"{entry["at"]} {entry["text"]}";

    private static async Task<List<JsonObject>> EntriesAsync(HttpClient client, Guid taskId) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/tasks/{taskId}/history?limit=200"))!["entries"]!
            .AsArray()
            .Select(entry => entry!.AsObject())
            .ToList();
}
