using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Jobs.Lifecycle;

/// <summary>Retention of the lifecycle's history: settled syncs with their attempts, and old events.</summary>
public sealed partial class SyncLifecycleRepository
{
    private const int EventDeleteBatchSize = 5000;

    // Settled: written or superseded; a conflict the user resolved; a dead letter a newer change replaced. A dead
    // letter that is still the task's latest change waits for the person, however old. A job is settled after it
    // was made, so created_at (indexed, db/0014) finds the candidates.
    internal const string DeleteSettledSql = """
        DELETE FROM sync_jobs WHERE id IN (
            SELECT j.id FROM sync_jobs j
            WHERE j.created_at < @Cutoff AND j.processed_at < @Cutoff AND j.status = ANY(@From)
              AND (j.status <> 'failed' OR j.resolution IS NOT NULL
                   OR EXISTS (SELECT 1 FROM sync_jobs newer WHERE newer.task_id = j.task_id
                              AND newer.task_version > j.task_version AND newer.created_at < @Cutoff))
            LIMIT @Batch)
        """;

    internal const string DeleteEventsOlderThanSql = """
        DELETE FROM sync_events WHERE id IN (SELECT id FROM sync_events WHERE created_at < @Cutoff LIMIT @Batch)
        """;

    /// <summary>
    /// Deletes settled syncs (and their attempts) older than <paramref name="cutoff"/>, a batch at a time.
    /// </summary>
    public Task<int> DeleteSettledOlderThanAsync(DateTime cutoff, int batchSize, CancellationToken cancellationToken) =>
        BatchedDelete.RunAsync(
            dataSource,
            DeleteSettledSql,
            cutoff,
            batchSize,
            cancellationToken,
            SyncLifecycle.FromNames(SyncTrigger.Retained)
        );

    /// <summary>Deletes events in batches, so no lock is held long over the table the streams read.</summary>
    public Task<int> DeleteEventsOlderThanAsync(DateTime cutoff, CancellationToken cancellationToken) =>
        BatchedDelete.RunAsync(dataSource, DeleteEventsOlderThanSql, cutoff, EventDeleteBatchSize, cancellationToken);
}
