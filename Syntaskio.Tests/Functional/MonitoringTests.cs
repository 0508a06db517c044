using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>The attempts audit trail per job and the Prometheus metrics.</summary>
public sealed class MonitoringTests
{
    private static SandboxServer Sandbox => TestEnvironment.Sandbox;

    [TearDown]
    public Task ClearFaults() => Sandbox.ClearFaultsAsync();

    [Test]
    public async Task Attempts_ListEveryProviderCall_WithOutcomeStatusAndNextAttempt()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await Sandbox.AddFaultAsync("microsoft", user.ListId, 503, count: 2);
        var response = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
        var location = response.Headers.Location!.ToString();
        await SyncJobProbe.WaitForStatusAsync(client, location, "completed", TimeSpan.FromSeconds(15));

        var attempts = (await client.GetFromJsonAsync<JsonArray>($"{location}/attempts"))!
            .Select(attempt => attempt!.AsObject())
            .ToList();

        Assert.That(attempts.Select(attempt => (int)attempt["attempt"]!), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(
            attempts.Select(attempt => (string?)attempt["outcome"]),
            Is.EqualTo(new[] { "retryable_error", "retryable_error", "succeeded" })
        );
        Assert.That(attempts.Select(attempt => (int?)attempt["httpStatus"]), Is.EqualTo(new int?[] { 503, 503, null }));
        Assert.That((string?)attempts[0]["error"], Does.Contain("ServiceNotAvailable"));
        Assert.That((string?)attempts[0]["nextAttemptAt"], Is.EqualTo((string?)attempts[1]["startedAt"]));
        Assert.That(attempts[2]["nextAttemptAt"], Is.Null);
        Assert.That(attempts.Select(attempt => (int)attempt["durationMs"]!), Has.All.GreaterThanOrEqualTo(0));
    }

    [Test]
    public async Task Attempts_Returns404_ForAnotherUsersJob()
    {
        var owner = await TestUsers.CreateWithTodoTasksAsync();
        using var ownerClient = await TestEnvironment.Api.CreateClientAsync(owner.Subject);
        var response = await ownerClient.PostAsync($"/api/tasks/{owner.Tasks[0].Id}/complete", null);
        var other = await TestUsers.CreateWithTodoTasksAsync();
        using var otherClient = await TestEnvironment.Api.CreateClientAsync(other.Subject);

        var attempts = await otherClient.GetAsync($"{response.Headers.Location}/attempts");

        Assert.That(attempts.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Metrics_ExposeLatencyOutcomesRetriesAndDeadLetters_InPrometheusFormat()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(taskCount: 2);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await Sandbox.AddFaultAsync("microsoft", user.ListId, 503, count: 1);
        var retried = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
        await SyncJobProbe.WaitForStatusAsync(
            client,
            retried.Headers.Location!.ToString(),
            "completed",
            TimeSpan.FromSeconds(10)
        );
        await Sandbox.AddFaultAsync("microsoft", user.ListId, 404, count: 1);
        var failed = await client.PostAsync($"/api/tasks/{user.Tasks[1].Id}/complete", null);
        await SyncJobProbe.WaitForStatusAsync(
            client,
            failed.Headers.Location!.ToString(),
            "failed",
            TimeSpan.FromSeconds(10)
        );
        using var scraper = TestEnvironment.Api.CreateClient();

        var metrics = await Eventually.ReturnsAsync(
            () => scraper.GetStringAsync("/metrics"),
            text => text.Contains("sync_dead_letters_total"),
            TimeSpan.FromSeconds(10),
            "the dead letter to reach /metrics"
        );

        Assert.That(metrics, Does.Contain("sync_latency_seconds_bucket{"));
        Assert.That(
            metrics,
            Does.Match(
                @"sync_outcomes_total\{[^}]*outcome=""completed""[^}]*provider=""microsoft""|"
                    + @"sync_outcomes_total\{[^}]*provider=""microsoft""[^}]*outcome=""completed"""
            )
        );
        Assert.That(metrics, Does.Contain("sync_retries_total{"));
        Assert.That(metrics, Does.Contain("sync_dead_letters_total{"));
    }
}
