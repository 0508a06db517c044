using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// Retry-After and the circuit breaker against the emulator's faults (the test API opens a circuit after 3
/// failures, for 2 s). These assert order and outcome, not speed: a lower bound where the rule is a lower bound.
/// </summary>
public sealed class ResilienceTests
{
    private static SandboxServer Sandbox => TestEnvironment.Sandbox;

    [TearDown]
    public Task ClearFaults() => Sandbox.ClearFaultsAsync();

    private static Task<long> AttemptCountAsync(string location) =>
        DatabaseProbe.CountAsync(
            "SELECT COUNT(*) FROM sync_attempts WHERE sync_job_id = @id",
            ("id", Guid.Parse(location.Split('/')[^1]))
        );

    [Test]
    public async Task RetryAfterLongerThanTheBackoff_IsWaitedOut()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await Sandbox.AddFaultAsync("microsoft", user.ListId, 429, count: 1, retryAfterSeconds: 3);

        var response = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
        var location = response.Headers.Location!.ToString();
        await SyncJobProbe.WaitForStatusAsync(client, location, "completed", TimeSpan.FromSeconds(15));

        var gapMs = await DatabaseProbe.CountAsync(
            "SELECT (EXTRACT(EPOCH FROM MAX(started_at) - MIN(started_at)) * 1000)::bigint FROM sync_attempts "
                + "WHERE sync_job_id = @id",
            ("id", Guid.Parse(location.Split('/')[^1]))
        );
        Assert.That(gapMs, Is.GreaterThanOrEqualTo(3000), "the second call came before the provider's Retry-After");
        Assert.That(await AttemptCountAsync(location), Is.EqualTo(2));
    }

    [Test]
    public async Task OutageLongerThanTheRetries_LandsAfterRecovery_BecauseOpenCircuitsDeferWithoutSpendingRetries()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        // Six failures in a row would exhaust the five retries on their own (the job would dead-letter).
        await Sandbox.AddFaultAsync("microsoft", user.ListId, 503, count: 6);

        var response = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
        var location = response.Headers.Location!.ToString();

        await SyncJobProbe.WaitForStatusAsync(client, location, "completed", TimeSpan.FromSeconds(40));
        Assert.That(await AttemptCountAsync(location), Is.EqualTo(7));
        Assert.That(
            (string?)(await Sandbox.GetObjectAsync("microsoft", user.Tasks[0].ExternalId))!["status"],
            Is.EqualTo("completed")
        );
    }

    [Test]
    public async Task OpenCircuit_DefersOtherJobsOfTheConnection_WithoutCallingTheProvider()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(taskCount: 2);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await Sandbox.AddFaultAsync("microsoft", user.ListId, 503, count: 3);
        var first = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
        await Eventually.ReturnsAsync(
            () =>
                DatabaseProbe.CountAsync(
                    "SELECT COUNT(*) FROM provider_circuits WHERE circuit_key LIKE 'microsoft:%' AND "
                        + "consecutive_failures >= 3 AND open_until > NOW() AND circuit_key IN (SELECT "
                        + "'microsoft:' || id FROM provider_connections WHERE user_id = @user)",
                    ("user", user.UserId)
                ),
            open => open == 1,
            TimeSpan.FromSeconds(10),
            "the connection's circuit to open"
        );

        var second = await client.PostAsync($"/api/tasks/{user.Tasks[1].Id}/complete", null);

        var job = await SyncJobProbe.WaitForStatusAsync(
            client,
            second.Headers.Location!.ToString(),
            "completed",
            TimeSpan.FromSeconds(15)
        );
        Assert.That(
            (int)job["attempts"]!,
            Is.EqualTo(1),
            "the second job waited for the circuit instead of failing against it"
        );
        await SyncJobProbe.WaitForStatusAsync(
            client,
            first.Headers.Location!.ToString(),
            "completed",
            TimeSpan.FromSeconds(15)
        );
    }

    [Test]
    public async Task ProviderSlowerThanTheTimeout_IsRetried_AndLands()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await Sandbox.AddFaultAsync("microsoft", user.ListId, 0, count: 1, latencyMs: 3000);

        var response = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
        var location = response.Headers.Location!.ToString();

        await SyncJobProbe.WaitForStatusAsync(client, location, "completed", TimeSpan.FromSeconds(15));
        var firstError = await DatabaseProbe.ScalarAsync(
            "SELECT error FROM sync_attempts WHERE sync_job_id = @id AND attempt = 1",
            ("id", Guid.Parse(location.Split('/')[^1]))
        );
        Assert.That(firstError, Does.Contain("timed out"));
    }

    [Test]
    public async Task ProviderDownForSixtySeconds_EveryChangeLandsAfterRecovery_NoneDeadLettered()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(taskCount: 30);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await Sandbox.AddOutageAsync("microsoft", user.ListId, 503, TimeSpan.FromSeconds(60));

        foreach (var task in user.Tasks)
            await client.PostAsync($"/api/tasks/{task.Id}/complete", null);

        await Eventually.ReturnsAsync(
            () =>
                DatabaseProbe.CountAsync(
                    "SELECT COUNT(*) FROM sync_jobs WHERE user_id = @user AND status = 'completed'",
                    ("user", user.UserId)
                ),
            done => done == 30,
            TimeSpan.FromSeconds(120),
            "every change to land after the outage"
        );
        Assert.That(
            await DatabaseProbe.CountAsync(
                "SELECT COUNT(*) FROM sync_jobs WHERE user_id = @user AND status = 'failed'",
                ("user", user.UserId)
            ),
            Is.Zero
        );
        foreach (var task in user.Tasks)
            Assert.That(
                (string?)(await Sandbox.GetObjectAsync("microsoft", task.ExternalId))!["status"],
                Is.EqualTo("completed")
            );
    }
}
