using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;
using static Syntaskio.Tests.Functional.InboundSyncTests;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// Vendor to Syntaskio for ConnectWise (issue 15): a worker searches each connection's tickets by lastUpdated. Each
/// test runs its own deployment with a 500 ms poll, so "within the poll interval + 1 s" is 1.5 s.
/// </summary>
public sealed class ConnectWiseInboundSyncTests
{
    [Test]
    public async Task VendorEdit_OfATicket_ShowsOnTheEventStream_WithinThePollIntervalAndASecond()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, _, tasks) = await deployment.CreateConnectWiseUserAsync();
        deployment.StartWorker(settings: Watching);
        await deployment.WaitForPollsAsync(1);
        await using var stream = await EventStreamClient.OpenAsync(client);
        await stream.NextAsync(Setup);

        var edited = DateTimeOffset.UtcNow;
        await TestEnvironment.Sandbox.EditAsync("connectwise", tasks[0].ExternalId, "Closed (resolved)");
        var changed = (await stream.ReadUntilAsync(e => e.Type == "task.changed", Promise))[^1];
        var lag = DateTimeOffset.UtcNow - edited;

        Assert.That(lag, Is.LessThanOrEqualTo(Promise));
        Assert.That((string?)changed.Data["taskId"], Is.EqualTo(tasks[0].Id.ToString()));
        Assert.That((string?)changed.Data["taskStatus"], Is.EqualTo("completed"));
        Assert.That((string?)changed.Data["origin"], Is.EqualTo("vendor"));
        Assert.That((string?)changed.Data["vendorStatus"], Is.EqualTo("Closed (resolved)"));
        client.Dispose();
    }

    [Test]
    public async Task VendorClose_OfATicketTask_ShowsOnTheEventStream_WithinThePollIntervalAndASecond()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, _, tasks) = await deployment.CreateConnectWiseUserAsync();
        deployment.StartWorker(settings: Watching);
        await deployment.WaitForPollsAsync(1);
        await using var stream = await EventStreamClient.OpenAsync(client);
        await stream.NextAsync(Setup);

        var edited = DateTimeOffset.UtcNow;
        await TestEnvironment.Sandbox.EditAsync("connectwise", tasks[2].ExternalId, "closed");
        var changed = (await stream.ReadUntilAsync(e => e.Type == "task.changed", Promise))[^1];
        var lag = DateTimeOffset.UtcNow - edited;

        Assert.That(lag, Is.LessThanOrEqualTo(Promise));
        Assert.That((string?)changed.Data["taskId"], Is.EqualTo(tasks[2].Id.ToString()));
        Assert.That((string?)changed.Data["taskStatus"], Is.EqualTo("completed"));
        Assert.That((string?)changed.Data["vendorStatus"], Is.EqualTo("closed"));
        client.Dispose();
    }

    [Test]
    public async Task OwnClose_NeverComesBack_AndTheCompanysOtherTicketsAreNotAdded()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, _, tasks) = await deployment.CreateConnectWiseUserAsync();
        deployment.StartWorker(settings: Watching);
        await deployment.WaitForPollsAsync(1);
        await using var stream = await EventStreamClient.OpenAsync(client);
        await stream.NextAsync(Setup);

        (await client.PostAsync($"/api/tasks/{tasks[0].Id}/complete", null)).EnsureSuccessStatusCode();
        var ours = await stream.ReadUntilAsync(e => e.Type == "sync.completed", Setup);
        await deployment.WaitForPollsAsync(2, after: DateTimeOffset.UtcNow);
        await TestEnvironment.Sandbox.EditAsync("connectwise", tasks[1].ExternalId, "Closed (resolved)");
        var next = await stream.ReadUntilAsync(e => e.Type == "task.changed", Promise);

        Assert.That(ours.Select(e => e.Type), Does.Not.Contain("task.changed"));
        Assert.That(next.Where(e => e.Type == "task.changed").Select(e => (string?)e.Data["taskId"]),
            Is.EqualTo(new[] { tasks[1].Id.ToString() }), "the only vendor change is the person's, not our own close");
        var listed = (await client.GetFromJsonAsync<JsonArray>("/api/tasks"))!;
        Assert.That(listed.Select(task => (string?)task!["externalId"]),
            Is.EquivalentTo(tasks.Select(task => task.ExternalId)),
            "the search shows the whole company's tickets; only the person's own are kept");
        client.Dispose();
    }
}
