using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;
using static Syntaskio.Tests.Functional.InboundScenario;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// Vendor to Syntaskio: a worker process watches each Microsoft connection with Graph's delta query. Each
/// test runs its own deployment with a 500 ms poll, so "within the poll interval + 1 s" is 1.5 s.
/// </summary>
public sealed class InboundSyncTests
{
    [TestCase("completed", "completed")]
    [TestCase("inProgress", "in_progress")]
    public async Task VendorEdit_ShowsOnTheEventStream_WithinThePollIntervalAndASecond(string vendor, string ours)
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, _, tasks) = await deployment.CreateUserAsync(1);
        await using var scenario = await InboundScenario.StartAsync(deployment, client);

        var (changed, lag) = await scenario.EditAsync("microsoft", tasks[0].ExternalId, vendor);

        Assert.That(lag, Is.LessThanOrEqualTo(Promise));
        Assert.That((string?)changed.Data["taskId"], Is.EqualTo(tasks[0].Id.ToString()));
        Assert.That((string?)changed.Data["taskStatus"], Is.EqualTo(ours));
        Assert.That((string?)changed.Data["origin"], Is.EqualTo("vendor"));
        Assert.That((string?)changed.Data["vendorStatus"], Is.EqualTo(vendor));
        var listed = (await client.GetFromJsonAsync<JsonArray>("/api/tasks"))!.Single(task =>
            (string?)task!["id"] == tasks[0].Id.ToString()
        );
        Assert.That((string?)listed!["status"], Is.EqualTo(ours));
        client.Dispose();
    }

    [Test]
    public async Task OwnWrite_NeverComesBackAsAVendorChange_WhenThePollReadsIt()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, _, tasks) = await deployment.CreateUserAsync(2);
        await using var scenario = await InboundScenario.StartAsync(deployment, client);

        var (ours, next) = await scenario.OwnWriteThenEditAsync(
            tasks[0].Id,
            "microsoft",
            tasks[1].ExternalId,
            "completed"
        );

        Assert.That(ours.Select(e => e.Type), Does.Not.Contain("task.changed"));
        Assert.That(
            next.Where(e => e.Type == "task.changed").Select(e => (string?)e.Data["taskId"]),
            Is.EqualTo(new[] { tasks[1].Id.ToString() }),
            "the only vendor change is the person's, not our own write"
        );
        client.Dispose();
    }

    [Test]
    public async Task TasksAddedAndRemovedAtTheVendor_ChangeTheList_AndTheStreamSaysSo()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, listId, tasks) = await deployment.CreateUserAsync(1);
        await using var scenario = await InboundScenario.StartAsync(deployment, client);
        var suffix = listId["list-".Length..];

        await TestEnvironment.Sandbox.SeedTodoAsync($"token-{suffix}", listId, $"new-{suffix}");
        var added = (await scenario.ReadUntilAsync("task.list_changed", Promise))[^1];
        var afterAdding = await ExternalIdsAsync(client);
        using var graph = new HttpClient();
        using var delete = new HttpRequestMessage(
            HttpMethod.Delete,
            $"{TestEnvironment.Sandbox.GraphBaseUrl}/me/todo/lists/{listId}/tasks/{tasks[0].ExternalId.Split('/')[1]}"
        );
        delete.Headers.Authorization = new("Bearer", $"token-{suffix}");
        (await graph.SendAsync(delete)).EnsureSuccessStatusCode();
        await scenario.ReadUntilAsync("task.list_changed", Promise);
        var afterRemoving = await ExternalIdsAsync(client);

        Assert.That(
            ((string?)added.Data["provider"], (string?)added.Data["origin"]),
            Is.EqualTo(("microsoft", "vendor"))
        );
        Assert.That(afterAdding, Does.Contain($"{listId}/new-{suffix}"));
        Assert.That(afterRemoving, Does.Not.Contain(tasks[0].ExternalId).And.Contain($"{listId}/new-{suffix}"));
        client.Dispose();
    }

    private static async Task<List<string?>> ExternalIdsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonArray>("/api/tasks"))!.Select(task => (string?)task!["externalId"]).ToList();

    [Test]
    public async Task VendorEdit_IsNotAppliedOverAChangeInFlight_AndTheJobsOwnReadDecides()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, _, tasks) = await deployment.CreateUserAsync(1);
        deployment.StartWorker(settings: Watching);
        await deployment.WaitForPollsAsync(1);
        // The person's completion is in flight for seconds: its first three calls meet a 503 and wait to retry.
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", tasks[0].ExternalId.Split('/')[1], 503, count: 3);
        (await client.PostAsync($"/api/tasks/{tasks[0].Id}/complete", null)).EnsureSuccessStatusCode();
        await TestEnvironment.Sandbox.EditAsync("microsoft", tasks[0].ExternalId, "inProgress");
        await deployment.WaitForPollsAsync(2, after: DateTimeOffset.UtcNow);

        var status = await deployment.CountAsync(
            $"SELECT COUNT(*) FROM sync_events WHERE task_id = '{tasks[0].Id}' AND type = 'task.changed'"
        );
        Assert.That(status, Is.Zero, "a vendor change does not overwrite a change of ours in flight");
        client.Dispose();
    }

    [Test]
    public async Task KilledWatcher_ItsConnectionsAreReadByTheNextWorker_WhenTheLeaseEnds()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, _, tasks) = await deployment.CreateUserAsync(1);
        var first = deployment.StartWorker(settings: Watching);
        await deployment.WaitForPollsAsync(1);
        first.Kill();
        await using var stream = await EventStreamClient.OpenAsync(client);
        await stream.NextAsync(Setup);

        deployment.StartWorker(settings: Watching);
        await TestEnvironment.Sandbox.EditAsync("microsoft", tasks[0].ExternalId, "completed");
        var changed = await stream.ReadUntilAsync(e => e.Type == "task.changed", Setup);

        Assert.That(
            (string?)changed[^1].Data["taskId"],
            Is.EqualTo(tasks[0].Id.ToString()),
            "the killed worker's claim on the connection lapsed with its 500 ms lease"
        );
        client.Dispose();
    }

    [Test]
    public async Task RetryAfterOnAWrite_HoldsTheWatchersReadsOfThatMailbox_UntilItEnds()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, listId, tasks) = await deployment.CreateUserAsync(1);
        var taskId = tasks[0].ExternalId.Split('/')[1];
        deployment.StartWorker(settings: Watching);
        await deployment.WaitForPollsAsync(1);
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", taskId, 429, count: 1, retryAfterSeconds: 3);

        (await client.PostAsync($"/api/tasks/{tasks[0].Id}/complete", null)).EnsureSuccessStatusCode();
        var calls = await Eventually.ReturnsAsync(
            () => TestEnvironment.Sandbox.RequestsToAsync("microsoft", taskId),
            found => found.Count >= 1,
            Setup,
            "the 429"
        );
        var throttled = SandboxServer.ReceivedAt(calls[0]);
        var holdEnds = throttled + TimeSpan.FromSeconds(3);
        var reads = await Eventually.ReturnsAsync(
            () => WatcherReadsAsync(listId, taskId),
            found => found.Any(at => at > holdEnds),
            Setup,
            "the watcher's first read after the hold"
        );

        // A poll already under way when the 429 came may finish; none starts until the hold ends.
        var settled = throttled + TimeSpan.FromMilliseconds(250);
        Assert.That(
            reads.Where(at => at > settled && at < holdEnds),
            Is.Empty,
            "the mailbox's Retry-After holds reads too"
        );
        // The watcher sleeps until the hold ends (its next poll is overdue by then) and reads at once: 50 to 65 ms
        // after it in three runs. A look on a beat (the 500 ms poll's, or a second's) would mostly come later than
        // 250 ms.
        var resumed = reads.Where(at => at > holdEnds).Min() - holdEnds;
        TestContext.Out.WriteLine($"first read {resumed.TotalMilliseconds:F0} ms after the hold ended");
        Assert.That(resumed, Is.LessThan(TimeSpan.FromMilliseconds(250)), "the watcher's first read after the hold");
        client.Dispose();
    }

    [Test]
    public async Task RetryAfterOnARead_HoldsTheMailboxsWrites_UntilItEnds()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, listId, tasks) = await deployment.CreateUserAsync(1);
        var taskId = tasks[0].ExternalId.Split('/')[1];
        deployment.StartWorker(settings: Watching);
        await deployment.WaitForPollsAsync(1);
        var faulted = DateTimeOffset.UtcNow;
        await TestEnvironment.Sandbox.AddFaultAsync(
            "microsoft",
            $"{listId}/tasks/delta",
            429,
            count: 1,
            retryAfterSeconds: 3
        );
        var reads = await Eventually.ReturnsAsync(
            async () =>
                (await TestEnvironment.Sandbox.RequestsToAsync("microsoft", $"{listId}/tasks/delta"))
                    .Select(SandboxServer.ReceivedAt)
                    .Where(at => at > faulted)
                    .ToList(),
            found => found.Count >= 1,
            Setup,
            "the refused read"
        );
        var holdEnds = reads[0] + TimeSpan.FromSeconds(3);

        (await client.PostAsync($"/api/tasks/{tasks[0].Id}/complete", null)).EnsureSuccessStatusCode();
        var write = await Eventually.ReturnsAsync(
            () => TestEnvironment.Sandbox.RequestsToAsync("microsoft", taskId),
            found => found.Count >= 1,
            Setup,
            "the write"
        );

        Assert.That(
            SandboxServer.ReceivedAt(write[0]),
            Is.GreaterThanOrEqualTo(holdEnds),
            "the Retry-After the vendor gave the watcher's read holds the mailbox's writes"
        );
        client.Dispose();
    }

    /// <summary>When the emulator received the watcher's reads of the mailbox (not the writes to the task).</summary>
    private static async Task<List<DateTimeOffset>> WatcherReadsAsync(string listId, string taskId)
    {
        var bearer = $"Bearer token-{listId["list-".Length..]}";
        return (await TestEnvironment.Sandbox.GetRequestsAsync("microsoft"))
            .Select(request => request!.AsObject())
            .Where(request => (string?)request["headers"]!["Authorization"] == bearer)
            .Where(request => !((string)request["path"]!).Contains(taskId, StringComparison.Ordinal))
            .Select(SandboxServer.ReceivedAt)
            .ToList();
    }
}
