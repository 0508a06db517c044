using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// A vendor's Retry-After holds every call on the connection, also the next call of a sync already running when the
/// hold began, measured where the vendor stands: the emulator's request journal. The connection's mailbox sees no
/// request inside the hold, and a sync stopped by it between its read and its write spends no retry.
/// </summary>
public sealed class ConnectionHoldTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(3);

    [Test]
    public async Task AHold_StopsTheNextCallOfASyncAlreadyRunning_WhenAnotherSyncOfTheMailboxMeetsRetryAfter()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(2);
        var (a, b) = (TaskId(user, 0), TaskId(user, 1));
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", a, 0, count: 1, latencyMs: 700);
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", b, 429, count: 1, retryAfterSeconds: 3);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);

        var jobA = await CompleteAsync(client, user.Tasks[0].Id);
        await Eventually.ReturnsAsync(() => CallsAsync(a), calls => calls.Count >= 1, Deadline, "A's read");
        await CompleteAsync(client, user.Tasks[1].Id);
        var throttled = (await Eventually.ReturnsAsync(() => CallsAsync(b), c => c.Count >= 1, Deadline, "B's 429"))[0];
        await BothCompletedAsync(user);

        var inside = await CallsInsideAsync(user.ListId, throttled, throttled + Hold);
        TestContext.Out.WriteLine($"429 at {throttled:HH:mm:ss.fff}; journal: {await JournalAsync(user, throttled)}");
        Assert.That(inside, Is.Empty, "no request to the mailbox inside the vendor's hold");
        await AssertNoRetrySpentAsync(client, jobA);
    }

    [Test]
    public async Task AHold_SetInAnotherProcess_StopsTheNextCallOfASyncAlreadyRunning()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(1);
        var a = TaskId(user, 0);
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", a, 0, count: 1, latencyMs: 1500);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);

        var jobA = await CompleteAsync(client, user.Tasks[0].Id);
        await Eventually.ReturnsAsync(() => CallsAsync(a), calls => calls.Count >= 1, Deadline, "A's read");
        // Another process's hold: written on a session of its own, it reaches the worker only through NOTIFY.
        var heldFrom = DateTimeOffset.UtcNow;
        await using (var elsewhere = NpgsqlDataSource.Create(TestEnvironment.ConnectionString))
            await new ProviderCircuitRepository(elsewhere).HoldAsync(
                $"microsoft:{await ConnectionIdAsync(user)}",
                Hold,
                CancellationToken.None
            );
        await BothCompletedAsync(user);

        var inside = await CallsInsideAsync(user.ListId, heldFrom, heldFrom + Hold);
        TestContext.Out.WriteLine($"hold from {heldFrom:HH:mm:ss.fff}; journal: {await JournalAsync(user, heldFrom)}");
        Assert.That(inside, Is.Empty, "A's write waited for the hold set elsewhere");
        await AssertNoRetrySpentAsync(client, jobA);
    }

    private static string TaskId(TestUser user, int index) => user.Tasks[index].ExternalId.Split('/')[1];

    private static async Task<string> CompleteAsync(HttpClient client, Guid taskId)
    {
        var response = await client.PostAsync($"/api/tasks/{taskId}/complete", null);
        response.EnsureSuccessStatusCode();
        return response.Headers.Location!.ToString();
    }

    private static async Task BothCompletedAsync(TestUser user)
    {
        foreach (var task in user.Tasks)
            await Eventually.ReturnsAsync(
                () => TestEnvironment.Sandbox.GetObjectAsync("microsoft", task.ExternalId),
                vendor => (string?)vendor?["status"] == "completed",
                Deadline,
                $"{task.ExternalId} completed at the vendor"
            );
    }

    // The sync was deferred to the hold's end, not retried: one vendor call recorded, Hangfire's retries untouched.
    private static async Task AssertNoRetrySpentAsync(HttpClient client, string job)
    {
        // The vendor holds the change a moment before the sync's own row says so.
        var synced = await SyncJobProbe.WaitForStatusAsync(client, job, "completed", Deadline);
        var retries = await DatabaseProbe.ScalarAsync(
            "SELECT value FROM hangfire.jobparameter WHERE jobid = (SELECT hangfire_job_id::bigint FROM sync_jobs "
                + "WHERE id = @id) AND name = 'RetryCount'",
            ("id", Guid.Parse((string)synced["id"]!))
        );
        Assert.That(((string?)synced["status"], (int)synced["attempts"]!), Is.EqualTo(("completed", 1)));
        Assert.That(retries?.Trim('"') ?? "0", Is.EqualTo("0"), "no retry spent");
    }

    private static async Task<List<JsonObject>> CallsInsideAsync(
        string listId,
        DateTimeOffset from,
        DateTimeOffset to
    ) =>
        (await TestEnvironment.Sandbox.RequestsToAsync("microsoft", listId))
            .Where(request => SandboxServer.ReceivedAt(request) > from && SandboxServer.ReceivedAt(request) < to)
            .ToList();

    private static async Task<List<DateTimeOffset>> CallsAsync(string match) =>
        (await TestEnvironment.Sandbox.RequestsToAsync("microsoft", match)).Select(SandboxServer.ReceivedAt).ToList();

    private static async Task<string> JournalAsync(TestUser user, DateTimeOffset from) =>
        string.Join(
            ", ",
            (await TestEnvironment.Sandbox.RequestsToAsync("microsoft", user.ListId)).Select(request =>
                $"{request["method"]} {((string)request["path"]!).Split('/')[^1]} "
                + $"{(SandboxServer.ReceivedAt(request) - from).TotalSeconds:+0.00;-0.00} s"
            )
        );

    private static async Task<Guid> ConnectionIdAsync(TestUser user) =>
        Guid.Parse(
            (
                await DatabaseProbe.ScalarAsync(
                    "SELECT id FROM provider_connections WHERE user_id = @user AND provider = 'microsoft'",
                    ("user", user.UserId)
                )
            )!
        );
}
