using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// The steps the inbound tests of every provider share, on a deployment whose worker polls every 500 ms: start
/// watching, a person's edit at the vendor read from the event stream, and our own write read back by the watcher.
/// </summary>
internal sealed class InboundScenario(IsolatedDeployment deployment, HttpClient client, EventStreamClient stream)
    : IAsyncDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan Promise = PollInterval + TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Setup = TimeSpan.FromSeconds(30);

    public static readonly Dictionary<string, string> Watching = new()
    {
        ["Sync__Inbound__Enabled"] = "true",
        ["Sync__Inbound__Microsoft__PollInterval"] = "00:00:00.500",
        ["Sync__Inbound__ConnectWise__PollInterval"] = "00:00:00.500",
        ["Sync__Inbound__ProcessPlan__PollInterval"] = "00:00:00.500",
    };

    /// <summary>A watching worker that learns of ConnectWise changes by callback only: poll and recheck an hour away.
    /// </summary>
    public static Dictionary<string, string> CallbacksOnly(IsolatedDeployment deployment) =>
        new(Watching)
        {
            ["Sync__Inbound__PublicBaseUrl"] = deployment.Api.BaseUrl.ToString(),
            ["Sync__Inbound__ConnectWise__PollInterval"] = "01:00:00",
            ["Sync__Inbound__RecheckInterval"] = "01:00:00",
        };

    /// <summary>Starts a watching worker, waits for its first poll of every connection and opens the stream.</summary>
    public static async Task<InboundScenario> StartAsync(
        IsolatedDeployment deployment,
        HttpClient client,
        IReadOnlyDictionary<string, string>? settings = null
    )
    {
        deployment.StartWorker(settings: settings ?? Watching);
        await deployment.WaitForPollsAsync(1);
        var stream = await EventStreamClient.OpenAsync(client);
        await stream.NextAsync(Setup);
        return new InboundScenario(deployment, client, stream);
    }

    /// <summary>A person's edit at the vendor, the stream's task.changed after it, and how long that took.</summary>
    public async Task<(StreamEvent Changed, TimeSpan Lag)> EditAsync(
        string provider,
        string externalId,
        string status,
        TimeSpan? promise = null
    )
    {
        var edited = DateTimeOffset.UtcNow;
        await TestEnvironment.Sandbox.EditAsync(provider, externalId, status);
        var changed = (await stream.ReadUntilAsync(e => e.Type == "task.changed", promise ?? Promise))[^1];
        return (changed, DateTimeOffset.UtcNow - edited);
    }

    /// <summary>
    /// Our own completion of <paramref name="ours"/>, then two full polls after it landed, then a person's edit of
    /// another task: the events up to our sync.completed, and those up to the next task.changed.
    /// </summary>
    public async Task<(List<StreamEvent> Ours, List<StreamEvent> Next)> OwnWriteThenEditAsync(
        Guid ours,
        string provider,
        string otherExternalId,
        string otherStatus
    )
    {
        (await client.PostAsync($"/api/tasks/{ours}/complete", null)).EnsureSuccessStatusCode();
        var own = await stream.ReadUntilAsync(e => e.Type == "sync.completed", Setup);
        await deployment.WaitForPollsAsync(2, after: DateTimeOffset.UtcNow);
        await TestEnvironment.Sandbox.EditAsync(provider, otherExternalId, otherStatus);
        return (own, await stream.ReadUntilAsync(e => e.Type == "task.changed", Promise));
    }

    /// <summary>The stream's events up to the next one of <paramref name="type"/>.</summary>
    public Task<List<StreamEvent>> ReadUntilAsync(string type, TimeSpan timeout) =>
        stream.ReadUntilAsync(e => e.Type == type, timeout);

    public ValueTask DisposeAsync() => stream.DisposeAsync();
}
