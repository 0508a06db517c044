using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>Events cross processes: a worker's progress reaches a client connected to a different API node.</summary>
public sealed class SyncEventsAcrossNodesTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Stream_OnOneApiNode_ReceivesTheEventsOfAChangeAcceptedByAnother_AndProcessedByAWorker()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, _, tasks) = await deployment.CreateUserAsync(1);
        var secondNode = await deployment.StartApiAsync();
        deployment.StartWorker();
        var ticket = await (
            await client.PostAsync("/api/sync/events/tickets", null)
        ).Content.ReadFromJsonAsync<JsonObject>();
        using var browser = new HttpClient { BaseAddress = secondNode.BaseUrl };
        await using var stream = await EventStreamClient.OpenAsync(
            browser,
            $"/api/sync/events?ticket={ticket!["ticket"]}"
        );
        await stream.NextAsync(Deadline);

        await client.PostAsync($"/api/tasks/{tasks[0].Id}/complete", null);
        var events = await stream.ReadUntilAsync(e => e.Type == "sync.completed", Deadline);

        Assert.That(
            events.Select(e => e.Type),
            Is.EqualTo(new[] { "sync.pending", "sync.processing", "sync.completed" })
        );
        Assert.That(events.Select(e => e.TaskId).Distinct(), Is.EqualTo(new[] { tasks[0].Id.ToString() }));
        client.Dispose();
    }
}
