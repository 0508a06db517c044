using System.Diagnostics;
using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;
using Syntaskio.Jobs.Hosting;

namespace Syntaskio.LoadTest.Bench;

/// <summary>
/// Raw Hangfire.PostgreSql on the same server with the service's storage and worker settings, running no-op jobs:
/// the ceiling the sync pipeline is measured against. Its own schema, so the service's workers never see these.
/// </summary>
public static class HangfireBaseline
{
    private static int completed;

    public static void NoOp() => Interlocked.Increment(ref completed);

    public static async Task<double> JobsPerSecondAsync(string connectionString, int jobs, CancellationToken cancellationToken)
    {
        var options = new SyncWorkerOptions();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var storage = new PostgreSqlStorage(
            new DataSourceConnectionFactory(dataSource), SyncJobsServiceCollectionExtensions.StorageOptions(options, schema: "hangfire_baseline"));
        using var server = new BackgroundJobServer(
            new BackgroundJobServerOptions { WorkerCount = options.WorkerCount, SchedulePollingInterval = options.SchedulePollingInterval }, storage);
        var client = new BackgroundJobClient(storage);
        Interlocked.Exchange(ref completed, 0);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < jobs; i++) client.Enqueue(() => NoOp());
        while (Volatile.Read(ref completed) < jobs) await Task.Delay(20, cancellationToken);
        return jobs / clock.Elapsed.TotalSeconds;
    }
}
