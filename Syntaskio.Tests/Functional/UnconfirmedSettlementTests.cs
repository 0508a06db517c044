using Syntaskio.Tests.Infrastructure;
using static Syntaskio.Tests.Functional.InboundScenario;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// A write whose outcome was never learned is settled by the watcher's next poll, also when To Do's delta query
/// reported the change while the sync was still retrying (and left it to that sync) and so never reports it again:
/// each poll reads such tasks one by one. Vendor notifications are off, so the poll is the only path.
/// </summary>
public sealed class UnconfirmedSettlementTests
{
    [Test]
    public async Task AnUnconfirmedWrite_IsConfirmedByTheNextPoll_WhenTheDeltaReportedItWhileTheSyncWasInFlight()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, _, tasks) = await deployment.CreateUserAsync(1);
        await using var scenario = await InboundScenario.StartAsync(deployment, client);
        var taskId = tasks[0].ExternalId.Split('/')[1];
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", taskId, 0, 1, method: "PATCH", lostAnswer: true);

        (await client.PostAsync($"/api/tasks/{tasks[0].Id}/complete", null)).EnsureSuccessStatusCode();
        await Eventually.ReturnsAsync(
            () => TestEnvironment.Sandbox.RequestsToAsync("microsoft", taskId),
            journal => journal.Any(request => (string?)request["method"] == "PATCH"),
            Setup,
            "the write whose answer is lost"
        );
        // The retry's read is refused for good, 1.5 s late: meanwhile the 500 ms polls' delta reports the change.
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", taskId, 403, 1, latencyMs: 1500, method: "GET");
        var unconfirmed = (await scenario.ReadUntilAsync("sync.unconfirmed", Setup))[^1];
        var settled = await scenario.ReadUntilAsync("sync.completed", Promise);

        var journal = await TestEnvironment.Sandbox.RequestsToAsync("microsoft", taskId);
        var patchedAt = SandboxServer.ReceivedAt(journal.Single(request => (string?)request["method"] == "PATCH"));
        var refusedAt = SandboxServer.ReceivedAt(journal.Where(r => (string?)r["method"] == "GET").ElementAt(1));
        var deltas = (await TestEnvironment.Sandbox.RequestsToAsync("microsoft", "/tasks/delta")).Count(request =>
            SandboxServer.ReceivedAt(request) > patchedAt
            && SandboxServer.ReceivedAt(request) < refusedAt.AddSeconds(1.5)
        );
        Assert.That(deltas, Is.GreaterThan(0), "the delta read the change while the sync was in flight");
        Assert.That((string?)unconfirmed.Data["taskStatus"], Is.EqualTo("completed"));
        Assert.That(settled.Select(e => e.Type), Does.Not.Contain("task.changed"), "To Do holds the change");
        Assert.That(journal.Count(request => (string?)request["method"] == "PATCH"), Is.EqualTo(1), "no second write");
        var vendor = await TestEnvironment.Sandbox.GetObjectAsync("microsoft", tasks[0].ExternalId);
        Assert.That((string?)vendor!["status"], Is.EqualTo("completed"));
        client.Dispose();
    }
}
