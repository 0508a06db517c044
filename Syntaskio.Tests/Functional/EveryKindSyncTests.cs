using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>Every task kind Syntaskio shows, completed and reopened through the API, checked at the vendor.</summary>
public sealed class EveryKindSyncTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    private static SandboxServer Sandbox => TestEnvironment.Sandbox;

    private static readonly Dictionary<string, string> SourceOf = new()
    {
        ["todo_task"] = "microsoft",
        ["service_ticket"] = "connectwise",
        ["project_ticket"] = "connectwise",
        ["service_ticket_task"] = "connectwise",
        ["project_ticket_task"] = "connectwise",
        ["process_step"] = "processplan",
    };

    private static Task<JsonObject?> WaitForVendorAsync(string kind, SeededTask task, bool done) =>
        Eventually.ReturnsAsync(
            () => Sandbox.GetObjectAsync(SourceOf[kind], task.ExternalId),
            view => (bool?)view?["done"] == done,
            Deadline,
            $"the {kind} to be {(done ? "done" : "open")} at the vendor"
        );

    [TestCase("todo_task")]
    [TestCase("service_ticket")]
    [TestCase("project_ticket")]
    [TestCase("service_ticket_task")]
    [TestCase("project_ticket_task")]
    [TestCase("process_step")]
    public async Task CompleteThenReopen_ReachesTheVendorWithinFiveSeconds(string kind)
    {
        var user = await EveryKindUser.CreateAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var task = user.Tasks[kind];

        var completed = await client.PostAsync($"/api/tasks/{task.Id}/complete", null);
        await WaitForVendorAsync(kind, task, done: true);
        await SyncJobProbe.WaitForStatusAsync(client, completed.Headers.Location!.ToString(), "completed", Deadline);
        var reopened = await client.PostAsync($"/api/tasks/{task.Id}/reopen", null);
        await WaitForVendorAsync(kind, task, done: false);

        Assert.That(
            (completed.StatusCode, reopened.StatusCode),
            Is.EqualTo((HttpStatusCode.Accepted, HttpStatusCode.Accepted))
        );
        await SyncJobProbe.WaitForStatusAsync(client, reopened.Headers.Location!.ToString(), "completed", Deadline);
    }

    [Test]
    public async Task Reopen_RestoresTheTicketsStatusBeforeTheClose()
    {
        var user = await EveryKindUser.CreateAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var ticket = user.Tasks["service_ticket"];
        var completed = await client.PostAsync($"/api/tasks/{ticket.Id}/complete", null);
        await SyncJobProbe.WaitForStatusAsync(client, completed.Headers.Location!.ToString(), "completed", Deadline);

        var reopened = await client.PostAsync($"/api/tasks/{ticket.Id}/reopen", null);
        await SyncJobProbe.WaitForStatusAsync(client, reopened.Headers.Location!.ToString(), "completed", Deadline);

        Assert.That(
            (string?)(await Sandbox.GetObjectAsync("connectwise", ticket.ExternalId))!["status"],
            Is.EqualTo("In Progress")
        );
    }

    [Test]
    public async Task Start_MovesProcessStepToInProgress()
    {
        var user = await EveryKindUser.CreateAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var step = user.Tasks["process_step"];

        var started = await client.PostAsync($"/api/tasks/{step.Id}/start", null);

        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(
            (string?)(await started.Content.ReadFromJsonAsync<JsonObject>())!["targetStatus"],
            Is.EqualTo("in_progress")
        );
        await Eventually.ReturnsAsync(
            () => Sandbox.GetObjectAsync("processplan", step.ExternalId),
            view => (string?)view?["status"] == "in_progress",
            Deadline,
            "the step to be in_progress"
        );
    }

    [Test]
    public async Task CompletingTheLastStep_RecordsThatTheProcessAdvanced()
    {
        var user = await EveryKindUser.CreateAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var ship = await TestUsers.AddTaskAsync(
            user.UserId,
            "processplan",
            "process_step",
            "ship",
            user.ProcessPlan.ProcessId
        );
        string lastLocation = "";
        foreach (var step in new[] { user.Tasks["process_step"], user.Tasks["blocked_step"], ship })
        {
            var response = await client.PostAsync($"/api/tasks/{step.Id}/complete", null);
            lastLocation = response.Headers.Location!.ToString();
            await SyncJobProbe.WaitForStatusAsync(client, lastLocation, "completed", Deadline);
        }

        var result = await DatabaseProbe.ScalarAsync(
            "SELECT provider_result->>'detail' FROM sync_jobs WHERE id = @id",
            ("id", Guid.Parse(lastLocation.Split('/')[^1]))
        );

        Assert.That(result, Is.EqualTo($"process {user.ProcessPlan.ProcessId} is completed"));
        Assert.That(
            (string?)(await Sandbox.GetObjectAsync("processplan", user.ProcessPlan.ProcessId))!["status"],
            Is.EqualTo("completed")
        );
    }

    [Test]
    public async Task Start_Returns400AndWritesNothing_WhenTheKindHasNoInProgressState()
    {
        var user = await EveryKindUser.CreateAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var jobsBefore = await DatabaseProbe.SyncJobCountAsync();

        var response = await client.PostAsync($"/api/tasks/{user.Tasks["service_ticket_task"].Id}/start", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.That((string?)problem["title"], Is.EqualTo("This task cannot be marked in progress"));
        Assert.That((string?)problem["detail"], Does.Contain("only closedFlag"));
        Assert.That(await DatabaseProbe.SyncJobCountAsync(), Is.EqualTo(jobsBefore));
    }

    [TestCase("waiting_ticket", "WorkflowRule")]
    [TestCase("blocked_step", "dependency_not_met")]
    public async Task Complete_EndsAsFailedJobWithReadableError_WhenVendorRefuses(string task, string expectedError)
    {
        var user = await EveryKindUser.CreateAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);

        var response = await client.PostAsync($"/api/tasks/{user.Tasks[task].Id}/complete", null);

        var job = await SyncJobProbe.WaitForStatusAsync(
            client,
            response.Headers.Location!.ToString(),
            "failed",
            Deadline
        );
        Assert.That((string?)job["error"], Does.Contain(expectedError));
        Assert.That((int)job["attempts"]!, Is.EqualTo(1), "a refusal burns no retries");
    }
}
