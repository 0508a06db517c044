using System.Diagnostics;
using Hangfire;
using Hangfire.Storage;
using Syntaskio.Jobs.Hosting;

namespace Syntaskio.Tests.Integration;

/// <summary>
/// The job queue with one LISTEN per process: a NOTIFY wakes a waiting worker, long before its poll.
/// </summary>
public sealed class NotifiedJobQueueTests
{
    [Test]
    public async Task Dequeue_ReturnsAJobEnqueuedWhileItWaits_LongBeforeItsPollInterval()
    {
        await using var dataSource = SyncJobsServiceCollectionExtensions.CreateDataSource(
            new DatabaseOptions { ConnectionString = TestEnvironment.ConnectionString }
        );
        var options = new SyncWorkerOptions { QueuePollInterval = TimeSpan.FromMinutes(1) };
        var storage = SyncJobsServiceCollectionExtensions.CreateStorage(
            dataSource,
            options,
            schema: "hangfire_queue_test"
        );
        var queue = storage.QueueProviders.GetProvider("default").GetJobQueue();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var waiting = Task.Run(() => queue.Dequeue(["default"], stop.Token));
        var jobId = new BackgroundJobClient(storage).Enqueue(() => Console.WriteLine("queued while a worker waits"));
        var fetched = await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(fetched.JobId, Is.EqualTo(jobId), "woken by the NOTIFY: the 1 minute poll never came");
        fetched.RemoveFromQueue();
        fetched.Dispose();
    }

    [Test]
    public async Task Dequeue_FindsAJobNothingAnnounced_WithinOneFallbackPoll()
    {
        await using var dataSource = SyncJobsServiceCollectionExtensions.CreateDataSource(
            new DatabaseOptions { ConnectionString = TestEnvironment.ConnectionString }
        );
        var poll = TimeSpan.FromMilliseconds(300);
        var storage = SyncJobsServiceCollectionExtensions.CreateStorage(
            dataSource,
            new SyncWorkerOptions { QueuePollInterval = poll },
            schema: "hangfire_queue_test_poll"
        );
        var queue = storage.QueueProviders.GetProvider("default").GetJobQueue();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var waiting = Enumerable.Range(0, 4).Select(_ => Task.Run(() => queue.Dequeue(["default"], stop.Token)));
        var workers = waiting.ToList();

        // What a killed worker leaves: a row back in reach with no NOTIFY for it.
        await using (
            var insert = dataSource.CreateCommand(
                "INSERT INTO hangfire_queue_test_poll.jobqueue (jobid, queue) VALUES (4242, 'default')"
            )
        )
            await insert.ExecuteNonQueryAsync();
        var clock = Stopwatch.StartNew();
        var fetched = await await Task.WhenAny(workers).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(fetched.JobId, Is.EqualTo("4242"));
        Assert.That(clock.Elapsed, Is.LessThan(poll + TimeSpan.FromMilliseconds(250)));
        fetched.RemoveFromQueue();
        fetched.Dispose();
        stop.Cancel();
    }

    [Test]
    public void Dequeue_GivesEachJobToOneWorker_WhenManyWait()
    {
        using var dataSource = SyncJobsServiceCollectionExtensions.CreateDataSource(
            new DatabaseOptions { ConnectionString = TestEnvironment.ConnectionString }
        );
        var storage = SyncJobsServiceCollectionExtensions.CreateStorage(
            dataSource,
            new SyncWorkerOptions(),
            schema: "hangfire_queue_test_many"
        );
        var queue = storage.QueueProviders.GetProvider("default").GetJobQueue();
        var client = new BackgroundJobClient(storage);
        var enqueued = Enumerable.Range(0, 40).Select(i => client.Enqueue(() => Console.WriteLine(i))).ToHashSet();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var fetched = Enumerable
            .Range(0, 8)
            .AsParallel()
            .SelectMany(_ =>
                Enumerable
                    .Range(0, 5)
                    .Select(__ =>
                    {
                        var job = queue.Dequeue(["default"], stop.Token);
                        job.RemoveFromQueue();
                        job.Dispose();
                        return job.JobId;
                    })
            )
            .ToList();

        Assert.That(fetched, Is.Unique);
        Assert.That(fetched.ToHashSet(), Is.EquivalentTo(enqueued));
    }

    [Test]
    public async Task Dequeue_WaitsForTheJobsStateLock_WhenTheChangeThatQueuedItStillHoldsIt()
    {
        await using var dataSource = SyncJobsServiceCollectionExtensions.CreateDataSource(
            new DatabaseOptions { ConnectionString = TestEnvironment.ConnectionString }
        );
        var options = new SyncWorkerOptions { QueuePollInterval = TimeSpan.FromMinutes(1) };
        var storage = SyncJobsServiceCollectionExtensions.CreateStorage(
            dataSource,
            options,
            schema: "hangfire_queue_test_lock"
        );
        var queue = storage.QueueProviders.GetProvider("default").GetJobQueue();
        var jobId = new BackgroundJobClient(storage).Schedule(
            () => Console.WriteLine("a retry"),
            TimeSpan.FromHours(1)
        );
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var changer = storage.GetConnection();

        // What Hangfire's state changer does when a retry comes due: queue the job under its lock, commit, let go.
        var stateLock = changer.AcquireDistributedJobLock(jobId, TimeSpan.FromSeconds(5));
        using (var transaction = changer.CreateWriteTransaction())
        {
            transaction.AddToQueue("default", jobId);
            transaction.Commit();
        }
        var waiting = Task.Run(() => queue.Dequeue(["default"], stop.Token));
        var returnedUnderLock = waiting.Wait(TimeSpan.FromMilliseconds(300));
        var released = Stopwatch.StartNew();
        stateLock.Dispose();
        var fetched = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        var afterRelease = released.Elapsed;

        Assert.That(returnedUnderLock, Is.False, "the worker was handed the job while the lock was held");
        Assert.That(fetched.JobId, Is.EqualTo(jobId));
        Assert.That(afterRelease, Is.LessThan(TimeSpan.FromMilliseconds(250)), "the storage's own lock retry is 1 s");
        fetched.RemoveFromQueue();
        fetched.Dispose();
    }
}
