using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// Claiming a sync job for a write: one short transaction holding the task's row lock, so claims of one task take
/// turns, a stale job is superseded by a newer change, and two changes to a task are never written at once.
/// </summary>
public sealed class SyncJobClaimRepository(NpgsqlDataSource dataSource)
{
    private const string FindAndLockTaskSql = """
        SELECT j.status, j.task_id, j.created_at FROM sync_jobs j JOIN tasks t ON t.id = j.task_id
        WHERE j.id = @Id
        FOR UPDATE OF t
        """;

    // Read after the lock is held, so it sees every change committed before this claim's turn.
    private const string CheckTaskSql = """
        SELECT EXISTS (SELECT 1 FROM sync_jobs WHERE task_id = @TaskId AND created_at > @CreatedAt) AS has_newer,
               EXISTS (SELECT 1 FROM sync_jobs WHERE task_id = @TaskId AND id <> @Id AND status = 'processing'
                       AND updated_at > NOW() - make_interval(secs => @LeaseSeconds)) AS has_sibling_in_flight
        """;

    private const string MarkSupersededSql = """
        UPDATE sync_jobs SET status = 'completed', error = NULL, processed_at = NOW(), updated_at = NOW(),
            provider_result = '{"superseded": true, "detail": "a newer change to this task was requested; no write was made"}'
        WHERE id = @Id
        """;

    // Attempts count provider calls (SyncAttemptRepository adds them), so the claim returns the next call's number.
    // The expected vendor status is what the task's last confirmed sync saw, read now (claims of a task take turns),
    // so our own earlier write is never mistaken for someone else's change. A conflict the user settled by keeping
    // the source's state counts as seen; a forced change (the user's "push ours") expects nothing.
    private const string ClaimSql = """
        WITH claimed AS (
            UPDATE sync_jobs SET status = 'processing', updated_at = NOW()
            WHERE id = @Id
            RETURNING id, user_id, source, task_id, target_status, original_data, attempts, created_at)
        SELECT c.id, c.user_id, c.source, c.target_status, NULLIF((c.original_data->'restore')::text, 'null') AS restore_state,
               CASE WHEN (c.original_data->>'force')::boolean THEN NULL ELSE
               (SELECT seen.provider_result->>'vendorStatus' FROM sync_jobs seen
                WHERE seen.task_id = c.task_id AND seen.id <> c.id AND seen.provider_result ? 'vendorStatus'
                  AND (seen.status = 'completed' OR seen.resolution = 'kept-source')
                ORDER BY seen.processed_at DESC LIMIT 1) END AS expected_vendor_status,
               c.attempts + 1 AS attempts,
               c.created_at,
               t.kind, t.external_id, t.external_container_id
        FROM claimed c JOIN tasks t ON t.id = c.task_id
        """;

    /// <summary>
    /// Decides whether this job writes now. <paramref name="lease"/> is how long another job's "processing" counts
    /// as in flight (a crashed worker's job stops blocking its task after that).
    /// </summary>
    public async Task<SyncClaim> ClaimAsync(Guid id, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        CommandDefinition Command(string sql, object parameters) => new(sql, parameters, transaction, cancellationToken: cancellationToken);

        var job = await connection.QuerySingleOrDefaultAsync<ClaimCandidate>(Command(FindAndLockTaskSql, new { Id = id }));
        if (job is null || job.Status == SyncStatus.Completed) return new SyncClaim(SyncClaimOutcome.Done);

        var task = await connection.QuerySingleAsync<TaskCheck>(
            Command(CheckTaskSql, new { Id = id, job.TaskId, job.CreatedAt, LeaseSeconds = lease.TotalSeconds }));
        SyncClaim claim;
        if (task.HasNewer)
        {
            await connection.ExecuteAsync(Command(MarkSupersededSql, new { Id = id }));
            claim = new SyncClaim(SyncClaimOutcome.Superseded);
        }
        else if (task.HasSiblingInFlight)
        {
            claim = new SyncClaim(SyncClaimOutcome.TaskBusy);
        }
        else
        {
            claim = new SyncClaim(SyncClaimOutcome.Claimed, await connection.QuerySingleAsync<SyncWorkItem>(Command(ClaimSql, new { Id = id })));
        }
        await transaction.CommitAsync(cancellationToken);
        return claim;
    }

    private sealed class ClaimCandidate
    {
        public string Status { get; init; } = "";
        public Guid TaskId { get; init; }
        public DateTime CreatedAt { get; init; }
    }

    private sealed class TaskCheck
    {
        public bool HasNewer { get; init; }
        public bool HasSiblingInFlight { get; init; }
    }
}
