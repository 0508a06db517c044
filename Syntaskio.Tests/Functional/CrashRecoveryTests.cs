using System.Net;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// Real processes killed for real: an API without workers and worker processes on their own database. Nothing
/// accepted is lost, and every change takes effect exactly once at the vendor.
/// </summary>
public sealed class CrashRecoveryTests
{
    private static SandboxServer Sandbox => TestEnvironment.Sandbox;

    private static async Task PostAllAsync(HttpClient client, IEnumerable<(Guid Id, string ExternalId)> tasks)
    {
        var statuses = new List<HttpStatusCode>();
        await Parallel.ForEachAsync(tasks, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (task, token) =>
        {
            var response = await client.PostAsync($"/api/tasks/{task.Id}/complete", null, token);
            lock (statuses)
                statuses.Add(response.StatusCode);
        });
        Assert.That(statuses, Has.All.EqualTo(HttpStatusCode.Accepted));
    }

    private static async Task AssertEachLandedOnceAsync(IEnumerable<(Guid Id, string ExternalId)> tasks)
    {
        foreach (var task in tasks)
        {
            var view = await Sandbox.GetObjectAsync("microsoft", task.ExternalId);
            Assert.That(
                ((string?)view!["status"], (int)view["writes"]!),
                Is.EqualTo(("completed", 1)),
                task.ExternalId
            );
        }
    }

    [Test]
    public async Task KilledWorker_LosesNothing_AndNoChangeLandsTwice()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, listId, tasks) = await deployment.CreateUserAsync(500);
        await Sandbox.AddFaultAsync("microsoft", listId, 0, count: 100_000, latencyMs: 60);
        var first = deployment.StartWorker();

        await PostAllAsync(client, tasks);
        await Eventually.ReturnsAsync(
            () => deployment.CountAsync("SELECT COUNT(*) FROM sync_jobs WHERE status = 'completed'"),
            done => done >= 50,
            TimeSpan.FromSeconds(60),
            "the first worker to complete some changes"
        );
        first.Kill();
        Assert.That(
            await deployment.CountAsync("SELECT COUNT(*) FROM sync_jobs WHERE status <> 'completed'"),
            Is.GreaterThan(0),
            "changes were in flight at the kill"
        );
        deployment.StartWorker();

        await Eventually.ReturnsAsync(
            () => deployment.CountAsync("SELECT COUNT(*) FROM sync_jobs WHERE status = 'completed'"),
            done => done == 500,
            TimeSpan.FromSeconds(120),
            "every accepted change to complete after the restart"
        );
        await AssertEachLandedOnceAsync(tasks);
        client.Dispose();
    }

    [Test]
    public async Task TwoWorkerProcesses_ShareTheWork_AndNoJobRunsTwice()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, listId, tasks) = await deployment.CreateUserAsync(300);
        await Sandbox.AddFaultAsync("microsoft", listId, 0, count: 100_000, latencyMs: 20);
        deployment.StartWorker();
        deployment.StartWorker();

        await PostAllAsync(client, tasks);

        await Eventually.ReturnsAsync(
            () => deployment.CountAsync("SELECT COUNT(*) FROM sync_jobs WHERE status = 'completed'"),
            done => done == 300,
            TimeSpan.FromSeconds(90),
            "every change to complete"
        );
        Assert.That(
            await deployment.CountAsync("SELECT COUNT(*) FROM sync_jobs WHERE attempts <> 1"),
            Is.Zero,
            "a job ran more than once"
        );
        Assert.That(
            await deployment.CountAsync(
                "SELECT COUNT(DISTINCT data->>'ServerId') FROM hangfire.state WHERE name = 'Processing'"
            ),
            Is.EqualTo(2),
            "both worker processes took jobs"
        );
        await AssertEachLandedOnceAsync(tasks);
        client.Dispose();
    }

    [Test]
    public async Task DatabaseCrash_Answers503WhileDown_AndLosesNothingAccepted()
    {
        await using var postgres = await TemporaryPostgres.StartAsync();
        await using var deployment = await IsolatedDeployment.StartAsync(postgres.ConnectionString);
        var (client, listId, tasks) = await deployment.CreateUserAsync(120);
        await Sandbox.AddFaultAsync("microsoft", listId, 0, count: 100_000, latencyMs: 60);
        deployment.StartWorker();
        await PostAllAsync(client, tasks.Take(100));
        await Eventually.ReturnsAsync(
            () => deployment.CountAsync("SELECT COUNT(*) FROM sync_jobs WHERE status = 'completed'"),
            done => done >= 10,
            TimeSpan.FromSeconds(60),
            "some changes to complete before the crash"
        );

        await postgres.CrashServerAsync();
        var duringOutage = await client.PostAsync($"/api/tasks/{tasks[100].Id}/complete", null);
        await postgres.StartServerAsync();
        var databaseBack = DateTimeOffset.UtcNow;
        Npgsql.NpgsqlConnection.ClearAllPools();

        Assert.That(duringOutage.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(duringOutage.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(duringOutage.Headers.RetryAfter, Is.Not.Null);
        await Eventually.ReturnsAsync(
            async () => (await client.PostAsync($"/api/tasks/{tasks[100].Id}/complete", null)).StatusCode,
            status => status == HttpStatusCode.Accepted,
            TimeSpan.FromSeconds(30),
            "the API to accept changes again"
        );
        await PostAllAsync(client, tasks.Skip(101));
        await Eventually.ReturnsAsync(
            () => deployment.CountAsync("SELECT COUNT(*) FROM sync_jobs WHERE status = 'completed'"),
            done => done == 120,
            TimeSpan.FromSeconds(20),
            "every accepted change to land within a lock's 10 s expiry and the work"
        );
        var allLanded = DateTimeOffset.UtcNow - databaseBack;
        TestContext.Out.WriteLine($"all landed {allLanded.TotalMilliseconds:0} ms after the database answered");
        await AssertEachLandedOnceAsync(tasks);
        var firstCallAfter = (await Sandbox.RequestsToAsync("microsoft", listId))
            .Select(SandboxServer.ReceivedAt)
            .Where(at => at > databaseBack)
            .Min();
        TestContext.Out.WriteLine(
            $"first vendor call {(firstCallAfter - databaseBack).TotalMilliseconds:0} ms after the database answered"
        );
        Assert.That(
            firstCallAfter - databaseBack,
            Is.LessThanOrEqualTo(TimeSpan.FromSeconds(2)),
            "workers resume within 2 s"
        );
        client.Dispose();
    }
}
