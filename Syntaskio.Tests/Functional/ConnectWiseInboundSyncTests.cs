using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;
using static Syntaskio.Tests.Functional.InboundScenario;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// Vendor to Syntaskio for ConnectWise: a worker searches each connection's tickets by lastUpdated and
/// reads the person's ticket tasks. Each test runs its own deployment with a 500 ms poll, so "within the poll
/// interval + 1 s" is 1.5 s.
/// </summary>
public sealed class ConnectWiseInboundSyncTests
{
    // A ticket (tasks[0]), then a task on a ticket (tasks[2]).
    [TestCase(0, "Closed (resolved)")]
    [TestCase(2, "closed")]
    public async Task VendorEdit_ShowsOnTheEventStream_WithinThePollIntervalAndASecond(int task, string closed)
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, _, tasks) = await deployment.CreateConnectWiseUserAsync();
        await using var scenario = await InboundScenario.StartAsync(deployment, client);

        var (changed, lag) = await scenario.EditAsync("connectwise", tasks[task].ExternalId, closed);

        Assert.That(lag, Is.LessThanOrEqualTo(Promise));
        Assert.That((string?)changed.Data["taskId"], Is.EqualTo(tasks[task].Id.ToString()));
        Assert.That((string?)changed.Data["taskStatus"], Is.EqualTo("completed"));
        Assert.That((string?)changed.Data["origin"], Is.EqualTo("vendor"));
        Assert.That((string?)changed.Data["vendorStatus"], Is.EqualTo(closed));
        client.Dispose();
    }

    [Test]
    public async Task OwnClose_NeverComesBack_AndTheCompanysOtherTicketsAreNotAdded()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, _, tasks) = await deployment.CreateConnectWiseUserAsync();
        await using var scenario = await InboundScenario.StartAsync(deployment, client);

        var (ours, next) = await scenario.OwnWriteThenEditAsync(
            tasks[0].Id,
            "connectwise",
            tasks[1].ExternalId,
            "Closed (resolved)"
        );

        Assert.That(ours.Select(e => e.Type), Does.Not.Contain("task.changed"));
        Assert.That(
            next.Where(e => e.Type == "task.changed").Select(e => (string?)e.Data["taskId"]),
            Is.EqualTo(new[] { tasks[1].Id.ToString() }),
            "the only vendor change is the person's, not our own close"
        );
        var listed = (await client.GetFromJsonAsync<JsonArray>("/api/tasks"))!;
        Assert.That(
            listed.Select(task => (string?)task!["externalId"]),
            Is.EquivalentTo(tasks.Select(task => task.ExternalId)),
            "the search shows the whole company's tickets; only the person's own are kept"
        );
        client.Dispose();
    }
}
