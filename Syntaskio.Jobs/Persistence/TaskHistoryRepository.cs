using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// A task's story for its owner, newest first, from what the sync already keeps: its sync jobs (each change and how
/// it ended), their attempts, and the vendor changes on its event stream. As long as those are kept (Sync:Retention,
/// Sync:Events:Retention).
/// </summary>
public sealed class TaskHistoryRepository(NpgsqlDataSource dataSource)
{
    // An attempt that failed is followed by the next one, or by the time the sync is due again while it waits.
    internal const string ListSql = """
        WITH task AS (
            SELECT t.id FROM tasks t JOIN users u ON u.id = t.user_id
            WHERE t.id = @TaskId AND u.external_id = @Subject),
        jobs AS (SELECT j.* FROM sync_jobs j JOIN task ON j.task_id = task.id),
        story AS (
            SELECT j.created_at AS at, 1 AS rank, 'change' AS kind, j.id AS sync_job_id, j.action,
                   j.original_data->>'status' AS from_status, j.target_status AS to_status, NULL::int AS attempt,
                   NULL AS outcome, NULL::int AS http_status, NULL AS error, NULL::timestamptz AS next_attempt_at,
                   NULL AS failure_kind, NULL AS resolution, NULL AS vendor_status
            FROM jobs j
            UNION ALL
            SELECT a.started_at + a.duration_ms * INTERVAL '1 millisecond', 2, 'attempt', a.sync_job_id, NULL, NULL,
                   NULL, a.attempt, a.outcome, a.http_status, a.error,
                   COALESCE((SELECT min(n.started_at) FROM sync_attempts n
                             WHERE n.sync_job_id = a.sync_job_id AND n.attempt > a.attempt),
                            CASE WHEN j.status = 'pending' THEN j.scheduled_at END),
                   NULL, NULL, NULL
            FROM sync_attempts a JOIN jobs j ON j.id = a.sync_job_id
            UNION ALL
            SELECT j.processed_at, 3,
                   CASE j.status WHEN 'completed' THEN 'confirmed' WHEN 'superseded' THEN 'superseded'
                                 ELSE 'failed' END,
                   j.id, j.action, NULL, j.target_status, j.attempts, NULL, NULL, j.error, NULL, j.failure_kind, NULL,
                   j.provider_result->>'vendorStatus'
            FROM jobs j WHERE j.status IN ('completed', 'failed', 'superseded') AND j.processed_at IS NOT NULL
            UNION ALL
            SELECT j.updated_at, 4, 'resolved', j.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   j.resolution, NULL
            FROM jobs j WHERE j.resolution IS NOT NULL
            UNION ALL
            SELECT e.created_at, 5, 'vendor_change', NULL, NULL, NULL, e.task_status, NULL, NULL, NULL, NULL, NULL,
                   NULL, NULL, e.vendor_status
            FROM sync_events e JOIN task ON e.task_id = task.id WHERE e.type = 'task.changed')
        SELECT at, kind, sync_job_id, action, from_status, to_status, attempt, outcome, http_status, error,
               next_attempt_at, failure_kind, resolution, vendor_status
        FROM story WHERE @Before::timestamptz IS NULL OR at < @Before::timestamptz
        ORDER BY at DESC, rank DESC LIMIT @Limit
        """;

    /// <summary>
    /// Up to <paramref name="limit"/> moments older than <paramref name="before"/> (null: the newest), or none when
    /// the task is not the subject's.
    /// </summary>
    public async Task<IReadOnlyList<TaskHistoryRow>> ListAsync(
        string subject,
        Guid taskId,
        int limit,
        DateTimeOffset? before,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<TaskHistoryRow>(
            new CommandDefinition(
                ListSql,
                new
                {
                    Subject = subject,
                    TaskId = taskId,
                    Limit = limit,
                    Before = before,
                },
                cancellationToken: cancellationToken
            )
        );
        return rows.AsList();
    }
}
