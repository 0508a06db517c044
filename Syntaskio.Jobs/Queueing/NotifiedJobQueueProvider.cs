using Hangfire.PostgreSql;
using Npgsql;

namespace Syntaskio.Jobs.Queueing;

/// <summary>
/// Puts <see cref="NotifiedJobQueue"/> in place of the library's queue; the dashboard's queue views stay the library's.
/// </summary>
public sealed class NotifiedJobQueueProvider : IPersistentJobQueueProvider
{
    private readonly NotifiedJobQueue queue;
    private readonly IPersistentJobQueueMonitoringApi monitoring;

    private NotifiedJobQueueProvider(
        PostgreSqlStorage storage,
        PostgreSqlStorageOptions options,
        NpgsqlDataSource dataSource
    )
    {
        queue = new NotifiedJobQueue(
            storage,
            options,
            dataSource,
            new QueueWakeUps(dataSource, NotifiedJobQueue.Channel, options.QueuePollInterval)
        );
        monitoring = storage.QueueProviders.GetProvider("default").GetJobQueueMonitoringApi();
    }

    /// <summary>Makes <paramref name="storage"/> use the notified queue for <paramref name="queues"/>.</summary>
    public static PostgreSqlStorage Install(
        PostgreSqlStorage storage,
        PostgreSqlStorageOptions options,
        NpgsqlDataSource dataSource,
        params string[] queues
    )
    {
        storage.QueueProviders.Add(new NotifiedJobQueueProvider(storage, options, dataSource), queues);
        return storage;
    }

    public IPersistentJobQueue GetJobQueue() => queue;

    public IPersistentJobQueueMonitoringApi GetJobQueueMonitoringApi() => monitoring;
}
