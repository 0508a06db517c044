using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// Provider limits respected under a surge: the emulator enforces Graph's 4 concurrent requests per mailbox. The
/// suite's workers are the default's (Sync:Workers:WorkerCount, sized for 300 ms vendor calls), far more than four.
/// </summary>
public sealed class ProviderLimitTests
{
    private static async Task<int> ThrottledAsync() =>
        (int)
            (await TestEnvironment.Sandbox.Control.GetFromJsonAsync<JsonObject>("/_sandbox/stats"))!["throttled"]![
                "microsoft"
            ]!;

    private static Task<long> AllCompletedAsync(TestUser user, int count, TimeSpan deadline) =>
        Eventually.ReturnsAsync(
            () =>
                DatabaseProbe.CountAsync(
                    "SELECT COUNT(*) FROM sync_jobs WHERE user_id = @user AND status = 'completed'",
                    ("user", user.UserId)
                ),
            done => done == count,
            deadline,
            $"all {count:N0} changes to complete"
        );

    [Test]
    public async Task SurgeOfAThousandCompletionsForOneMailbox_IsAnswered429AtMostAHandfulOfTimes()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(taskCount: 1000);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", user.ListId, 0, count: 100_000, latencyMs: 20);
        var throttledBefore = await ThrottledAsync();

        var statuses = new List<HttpStatusCode>();
        await Parallel.ForEachAsync(
            user.Tasks,
            new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (task, token) =>
            {
                var response = await client.PostAsync($"/api/tasks/{task.Id}/complete", null, token);
                lock (statuses)
                    statuses.Add(response.StatusCode);
            }
        );

        Assert.That(statuses, Has.All.EqualTo(HttpStatusCode.Accepted));
        await AllCompletedAsync(user, 1000, TimeSpan.FromSeconds(180));
        Assert.That(await ThrottledAsync() - throttledBefore, Is.LessThanOrEqualTo(5));
    }

    // Every task of the user completed by 16 requests at a time, each accepted.
    private static Task CompleteAllAsync(HttpClient client, TestUser user) =>
        Parallel.ForEachAsync(user.Tasks, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (task, token) =>
            (await client.PostAsync($"/api/tasks/{task.Id}/complete", null, token)).EnsureSuccessStatusCode()
        );

    [Test]
    public async Task SurgeAtThreeHundredMillisecondsACall_KeepsToFourRequestsAtOnceForOneMailbox()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(taskCount: 120);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", user.ListId, 0, count: 100_000, latencyMs: 300);
        var throttledBefore = await ThrottledAsync();

        await CompleteAllAsync(client, user);
        await AllCompletedAsync(user, 120, TimeSpan.FromSeconds(120));

        Assert.That(await ThrottledAsync() - throttledBefore, Is.Zero, "answered 429 for a fifth request at once");
    }

    [Test]
    public async Task RetryAfterInASurgeAtThreeHundredMilliseconds_HoldsTheMailboxsCalls_UntilItEnds()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(taskCount: 40);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        var listId = user.ListId;
        // The emulator answers with the first fault that matches: the one 429 first, then 300 ms for every call.
        var throttledTask = user.Tasks[10].ExternalId.Split('/')[1];
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", throttledTask, 429, count: 1, retryAfterSeconds: 2);
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", listId, 0, count: 100_000, latencyMs: 300);

        await CompleteAllAsync(client, user);
        await AllCompletedAsync(user, 40, TimeSpan.FromSeconds(60));

        var calls = (await TestEnvironment.Sandbox.RequestsToAsync("microsoft", listId))
            .Select(SandboxServer.ReceivedAt)
            .ToList();
        var throttled = (await TestEnvironment.Sandbox.RequestsToAsync("microsoft", throttledTask))
            .Select(SandboxServer.ReceivedAt)
            .Min();
        var holdEnds = throttled + TimeSpan.FromSeconds(2);
        // Calls sent before the 429 came back may still arrive just after it; none is sent during the hold.
        var settled = throttled + TimeSpan.FromMilliseconds(250);
        var resumed = calls.Where(at => at >= holdEnds).Min() - holdEnds;
        TestContext.Out.WriteLine(
            $"{calls.Count} calls; the first after the hold {resumed.TotalMilliseconds:0} ms after"
        );
        Assert.That(calls.Where(at => at > settled && at < holdEnds), Is.Empty, "the hold covers every call");
        // Syncs that met the hold wait in place for it and go at its end, the wait spending none of their calls'
        // timeout (2 s in the suite, as long as the hold).
        Assert.That(resumed, Is.LessThan(TimeSpan.FromMilliseconds(500)), "calls resume as the hold ends");
        var failedAttempts = await DatabaseProbe.CountAsync(
            """
            SELECT COUNT(*) FROM sync_attempts a JOIN sync_jobs j ON j.id = a.sync_job_id
            WHERE j.user_id = @user AND a.outcome <> 'succeeded'
            """,
            ("user", user.UserId)
        );
        Assert.That(failedAttempts, Is.EqualTo(1), "no attempt failed but the one answered 429");
    }
}
