using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// Claiming a sync job for a write: one short transaction holding the task's row lock, so claims of one task take
/// turns, a stale job is superseded by a newer change, and two changes to a task are never written at once.
/// A job is the task's latest change when its task_version is the task's version (db/0007).
/// </summary>
public sealed class SyncJobClaimRepository(NpgsqlDataSource dataSource)
{
    // The lock is taken first; the checks read in a second statement, so they see every change committed before
    // this claim's turn. "Running" is a processing job whose claim is younger than the lease: a dashboard Requeue of
    // a job still being written must not write it a second time.
    private const string FindAndLockTaskSql = """
        SELECT j.status, j.task_id FROM sync_jobs j JOIN tasks t ON t.id = j.task_id
        WHERE j.id = @Id
        FOR UPDATE OF t
        """;

    private const string CheckTaskSql = """
        SELECT j.task_version < t.version AS has_newer,
               (j.status = 'processing' AND j.updated_at > NOW() - make_interval(secs => @LeaseSeconds)) AS is_running,
               EXISTS (SELECT 1 FROM sync_jobs s WHERE s.task_id = j.task_id AND s.id <> j.id AND s.status = 'processing'
                       AND s.updated_at > NOW() - make_interval(secs => @LeaseSeconds)) AS has_sibling_in_flight
        FROM sync_jobs j JOIN tasks t ON t.id = j.task_id
        WHERE j.id = @Id
        """;

    private const string MarkSupersededSql = """
        UPDATE sync_jobs SET status = 'superseded', error = NULL, processed_at = NOW(), updated_at = NOW(),
            provider_result = '{"superseded": true, "detail": "a newer change to this task was requested; no write was made"}'
        WHERE id = @Id
        """;

    // Attempts count provider calls (SyncAttemptRepository adds them), so the claim returns the next call's number.
    // The expected vendor status is what we last saw at the vendor (tasks.vendor_status), read now, so our own
    // earlier write is never mistaken for someone else's change; a forced change (the user's "push ours") expects
    // nothing. scheduled_at is when a retry is due: Hangfire may start it up to a second early.
    private const string ClaimSql = """
        WITH claimed AS (
            UPDATE sync_jobs SET status = 'processing', updated_at = NOW()
            WHERE id = @Id
            RETURNING id, user_id, source, task_id, target_status, original_data, attempts, created_at, scheduled_at,
                      deferred_since)
        SELECT c.id, c.user_id, c.source, c.target_status,
               NULLIF((c.original_data->'restore')::text, 'null') AS restore_state,
               CASE WHEN (c.original_data->>'force')::boolean THEN NULL ELSE t.vendor_status END AS expected_vendor_status,
               c.attempts + 1 AS attempts, c.created_at, c.scheduled_at AS due_at, c.deferred_since,
               t.kind, t.external_id, t.external_container_id
        FROM claimed c JOIN tasks t ON t.id = c.task_id
        """;

    /// <summary>
    /// Decides whether this job writes now. <paramref name="lease"/> is how long a "processing" job counts as in
    /// flight (a crashed worker's job stops blocking after that); <paramref name="reclaim"/> is true when the
    /// caller's own run claimed it already and starts over (after the database was away).
    /// </summary>
    public async Task<SyncClaim> ClaimAsync(Guid id, TimeSpan lease, bool reclaim, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        CommandDefinition Command(string sql, object parameters) =>
            new(sql, parameters, transaction, cancellationToken: cancellationToken);

        var job = await connection.QuerySingleOrDefaultAsync<ClaimCandidate>(Command(FindAndLockTaskSql, new { Id = id }));
        if (job is null || job.Status is SyncStatus.Completed or SyncStatus.Superseded)
            return new SyncClaim(SyncClaimOutcome.Done);

        var task = await connection.QuerySingleAsync<TaskCheck>(
            Command(CheckTaskSql, new { Id = id, LeaseSeconds = lease.TotalSeconds }));
        SyncClaim claim;
        if (task.HasNewer)
        {
            await connection.ExecuteAsync(Command(MarkSupersededSql, new { Id = id }));
            claim = new SyncClaim(SyncClaimOutcome.Superseded);
        }
        else if ((task.IsRunning && !reclaim) || task.HasSiblingInFlight)
        {
            claim = new SyncClaim(SyncClaimOutcome.TaskBusy);
        }
        else
        {
            var work = await connection.QuerySingleAsync<SyncWorkItem>(Command(ClaimSql, new { Id = id }));
            claim = new SyncClaim(SyncClaimOutcome.Claimed, work);
        }
        await transaction.CommitAsync(cancellationToken);
        return claim;
    }

    private sealed class ClaimCandidate
    {
        public string Status { get; init; } = "";
        public Guid TaskId { get; init; }
    }

    private sealed class TaskCheck
    {
        public bool HasNewer { get; init; }
        public bool IsRunning { get; init; }
        public bool HasSiblingInFlight { get; init; }
    }
}
