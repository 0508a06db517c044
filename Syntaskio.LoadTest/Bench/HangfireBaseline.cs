using System.Diagnostics;
using Hangfire;
using Hangfire.PostgreSql;
using Syntaskio.Jobs.Hosting;
using Syntaskio.LoadTest.Running;

namespace Syntaskio.LoadTest.Bench;

/// <summary>
/// Raw Hangfire.PostgreSql on the same server with the service's storage and worker settings, running no-op jobs:
/// the ceiling the sync pipeline is measured against. Its own schema, so the service's workers never see these.
/// Enqueued from several tasks at once, as the API enqueues from concurrent requests.
/// </summary>
public static class HangfireBaseline
{
    private static int completed;

    public static void NoOp() => Interlocked.Increment(ref completed);

    public static async Task<BaselineResult> MeasureAsync(
        string connectionString,
        int jobs,
        int workers,
        int enqueuers,
        CancellationToken cancellationToken
    )
    {
        var options = new SyncWorkerOptions { WorkerCount = workers };
        await using var dataSource = SyncJobsServiceCollectionExtensions.CreateDataSource(
            new DatabaseOptions { ConnectionString = connectionString }
        );
        var storage = SyncJobsServiceCollectionExtensions.CreateStorage(
            dataSource,
            options,
            schema: "hangfire_baseline"
        );
        var client = new BackgroundJobClient(storage);

        var enqueueOnly = await EnqueueAsync(client, jobs, enqueuers);
        var drain = await ProcessAsync(storage, options, jobs, () => Task.CompletedTask, cancellationToken);
        // This process enqueues and runs the jobs, as the service's one process accepts and runs changes.
        var meter = new DatabaseWorkMeter(connectionString, () =>
            Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds
        );
        var counting = await meter.StartAsync();
        var together = await ProcessAsync(
            storage,
            options,
            jobs,
            () => EnqueueAsync(client, jobs, enqueuers),
            cancellationToken
        );
        var work = counting is null ? null : await counting.StopAsync(jobs);
        return new BaselineResult(jobs / enqueueOnly.TotalSeconds, drain, together, work);
    }

    private static async Task<double> ProcessAsync(
        PostgreSqlStorage storage,
        SyncWorkerOptions options,
        int jobs,
        Func<Task> produce,
        CancellationToken cancellationToken
    )
    {
        Interlocked.Exchange(ref completed, 0);
        var clock = Stopwatch.StartNew();
        using (
            new BackgroundJobServer(
                new BackgroundJobServerOptions
                {
                    WorkerCount = options.WorkerCount,
                    SchedulePollingInterval = options.SchedulePollingInterval,
                },
                storage
            )
        )
        {
            await produce();
            while (Volatile.Read(ref completed) < jobs)
                await Task.Delay(10, cancellationToken);
            return jobs / clock.Elapsed.TotalSeconds;
        }
    }

    private static async Task<TimeSpan> EnqueueAsync(BackgroundJobClient client, int jobs, int enqueuers)
    {
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(
            Enumerable
                .Range(0, enqueuers)
                .Select(_ =>
                    Task.Run(() =>
                    {
                        while (Interlocked.Increment(ref next) < jobs)
                            client.Enqueue(() => NoOp());
                    })
                )
        );
        return clock.Elapsed;
    }
}

/// <summary>
/// Jobs/s: enqueue alone, a full queue drained, and enqueue and processing at once (the pipeline's shape), with the
/// database statements and CPU that last one took per job.
/// </summary>
public sealed record BaselineResult(
    double EnqueuePerSecond,
    double DrainPerSecond,
    double EnqueueAndProcessPerSecond,
    WorkPerUnit? Work = null
);
