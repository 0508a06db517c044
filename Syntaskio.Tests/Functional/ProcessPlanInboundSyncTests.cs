using Syntaskio.Tests.Infrastructure;
using static Syntaskio.Tests.Functional.InboundScenario;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// Vendor to Syntaskio for Process Plan: a worker reads the pending lists of each connection's open tasks.
/// Each test runs its own deployment with a 500 ms poll, so "within the poll interval + 1 s" is 1.5 s.
/// </summary>
public sealed class ProcessPlanInboundSyncTests
{
    [Test]
    public async Task StepCompletedAtTheVendor_ShowsOnTheEventStream_WithinThePollIntervalAndASecond()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, _, tasks) = await deployment.CreateProcessPlanUserAsync();
        await using var scenario = await InboundScenario.StartAsync(deployment, client);

        var (changed, lag) = await scenario.EditAsync("processplan", tasks[0].ExternalId, "completed");

        Assert.That(lag, Is.LessThanOrEqualTo(Promise));
        Assert.That((string?)changed.Data["taskId"], Is.EqualTo(tasks[0].Id.ToString()));
        Assert.That((string?)changed.Data["taskStatus"], Is.EqualTo("completed"));
        Assert.That((string?)changed.Data["origin"], Is.EqualTo("vendor"));
        client.Dispose();
    }

    [Test]
    public async Task OwnCompletion_NeverComesBackAsAVendorChange()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, _, tasks) = await deployment.CreateProcessPlanUserAsync();
        await using var scenario = await InboundScenario.StartAsync(deployment, client);

        var (ours, next) = await scenario.OwnWriteThenEditAsync(
            tasks[0].Id,
            "processplan",
            tasks[1].ExternalId,
            "completed"
        );

        Assert.That(ours.Select(e => e.Type), Does.Not.Contain("task.changed"));
        Assert.That(
            next.Where(e => e.Type == "task.changed").Select(e => (string?)e.Data["taskId"]),
            Is.EqualTo(new[] { tasks[1].Id.ToString() }),
            "the only vendor change is the person's, not our response"
        );
        client.Dispose();
    }
}
