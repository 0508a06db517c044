using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Npgsql;
using Syntaskio.Jobs;
using Syntaskio.Jobs.Hosting;
using Syntaskio.Jobs.Lifecycle;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Scheduling;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Integration;

/// <summary>A change and its Hangfire job commit together, on the real database.</summary>
public sealed class SyncSchedulerTests
{
    private static IServiceProvider Services => TestEnvironment.Api.Services;

    [Test]
    public async Task RequestAsync_WritesNothing_WhenEnqueueingTheJobFails()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        var failingClient = new Mock<IBackgroundJobClient>();
        failingClient
            .Setup(client => client.Create(It.IsAny<Job>(), It.IsAny<IState>()))
            .Throws(new InvalidOperationException("storage down"));
        var scheduler = new SyncScheduler(
            Services.GetRequiredService<NpgsqlDataSource>(),
            Services.GetRequiredService<SyncLifecycleRepository>(),
            Services.GetRequiredService<SyncJobRepository>(),
            failingClient.Object,
            Services.GetRequiredService<AcceptAnnouncer>()
        );
        var jobsBefore = await DatabaseProbe.SyncJobCountAsync();

        Assert.ThrowsAsync<InvalidOperationException>(() =>
            scheduler.RequestAsync(user.Subject, user.Tasks[0].Id, SyncAction.Complete, null, CancellationToken.None)
        );

        Assert.That(await DatabaseProbe.SyncJobCountAsync(), Is.EqualTo(jobsBefore));
        Assert.That(
            await DatabaseProbe.ScalarAsync("SELECT status FROM tasks WHERE id = @id", ("id", user.Tasks[0].Id)),
            Is.EqualTo("pending")
        );
    }

    [Test]
    public async Task RequestAsync_StoresHangfireJobWhoseOnlyArgumentIsTheSyncJobId()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        var scheduler = Services.GetRequiredService<SyncScheduler>();

        var job = (
            await scheduler.RequestAsync(
                user.Subject,
                user.Tasks[0].Id,
                SyncAction.Complete,
                null,
                CancellationToken.None
            )
        ).Job;

        var hangfireJobId = await DatabaseProbe.ScalarAsync(
            "SELECT hangfire_job_id FROM sync_jobs WHERE id = @id",
            ("id", job!.Id)
        );
        var arguments = await DatabaseProbe.ScalarAsync(
            "SELECT arguments FROM hangfire.job WHERE id = @id",
            ("id", long.Parse(hangfireJobId!))
        );
        var parsed = System.Text.Json.Nodes.JsonNode.Parse(arguments!)!.AsArray();
        Assert.That(parsed, Has.Count.EqualTo(2));
        Assert.That((string?)parsed[0], Is.EqualTo($"\"{job.Id}\""));
        Assert.That(parsed[1], Is.Null, "the CancellationToken placeholder");
        var invocation = await DatabaseProbe.ScalarAsync(
            "SELECT invocationdata FROM hangfire.job WHERE id = @id",
            ("id", long.Parse(hangfireJobId!))
        );
        Assert.That(invocation, Does.Not.Contain(user.AccessToken));
    }

    [Test]
    public async Task RequestAsync_ReturnsNullAndWritesNothing_WhenSubjectDoesNotOwnTask()
    {
        var owner = await TestUsers.CreateWithTodoTasksAsync();
        var scheduler = Services.GetRequiredService<SyncScheduler>();
        var hangfireBefore = await DatabaseProbe.HangfireJobCountAsync();

        var result = await scheduler.RequestAsync(
            "someone-else",
            owner.Tasks[0].Id,
            SyncAction.Complete,
            null,
            CancellationToken.None
        );

        Assert.That(result.Outcome, Is.EqualTo(SyncRequestOutcome.TaskNotFound));
        Assert.That(await DatabaseProbe.HangfireJobCountAsync(), Is.EqualTo(hangfireBefore));
    }

    // Hangfire opens connections synchronously: had a request thread waited there for the pool, the transactions
    // holding the pool would wait for a thread, and the requests would time out (the API deadlocked at 50/s so).
    [Test]
    public async Task RequestAsync_AcceptsEveryChange_WhenConcurrentRequestsOutnumberThePool()
    {
        const int changes = 120;
        var user = await TestUsers.CreateWithTodoTasksAsync(taskCount: changes);
        var pool = new NpgsqlConnectionStringBuilder(TestEnvironment.ConnectionString) { MaxPoolSize = 2, Timeout = 5 };
        await using var dataSource = NpgsqlDataSource.Create(pool.ConnectionString);
        var storage = SyncJobsServiceCollectionExtensions.CreateStorage(dataSource, new SyncWorkerOptions());
        var scheduler = new SyncScheduler(
            dataSource,
            new SyncLifecycleRepository(dataSource, NullLogger<SyncLifecycleRepository>.Instance),
            new SyncJobRepository(dataSource),
            new BackgroundJobClient(storage),
            Services.GetRequiredService<AcceptAnnouncer>()
        );

        var results = await Task.WhenAll(
            user.Tasks.Select(task =>
                Task.Run(() =>
                    scheduler.RequestAsync(user.Subject, task.Id, SyncAction.Complete, null, CancellationToken.None)
                )
            )
        );

        Assert.That(results.Select(result => result.Outcome), Is.All.EqualTo(SyncRequestOutcome.Accepted));
    }
}
