using Dapper;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Jobs.Lifecycle;

/// <summary>
/// The person's transitions: a change requested (<see cref="SyncTrigger.Requested"/>) and a conflict settled.
/// </summary>
public sealed partial class SyncLifecycleRepository
{
    // The row lock orders concurrent changes to one task and numbers them (tasks.version); the audit row commits with
    // the change. The sync job remembers the status it replaced and, for a reopen, the vendor state the last
    // completion replaced, so the provider can put it back.
    internal const string RecordChangeSql =
        """
            WITH target AS (
                SELECT t.id, t.user_id, t.source, t.status FROM tasks t JOIN users u ON u.id = t.user_id
                WHERE t.id = @TaskId AND u.external_id = @Subject
                FOR UPDATE OF t),
            changed AS (
                UPDATE tasks SET status = @TargetStatus, version = tasks.version + 1, updated_at = NOW()
                FROM target WHERE tasks.id = target.id
                RETURNING tasks.id, tasks.version),
            audited AS (
                INSERT INTO audit_log (actor, action, task_id, sync_job_id, from_status, to_status, idempotency_key,
                                       client_address, outcome)
                SELECT @Subject, 'change.' || @Action, target.id, @SyncJobId, target.status, @TargetStatus,
                       @IdempotencyKey, @ClientAddress,
                       CASE WHEN @Force THEN 'accepted (forced over a conflict)' ELSE 'accepted' END
                FROM target)
            INSERT INTO sync_jobs AS j (id, task_id, user_id, source, action, target_status, idempotency_key,
                                        task_version,
                                        hangfire_job_id, max_attempts, original_data)
            SELECT @SyncJobId, target.id, target.user_id, target.source, @Action, @TargetStatus, @IdempotencyKey,
                   changed.version, @HangfireJobId, @MaxAttempts,
                   jsonb_build_object('status', target.status, 'force', @Force, 'restore', (
                       SELECT last.original_data->'vendorBefore' FROM sync_jobs last
                       WHERE last.task_id = target.id AND last.action = 'complete' AND last.status = 'completed'
                       ORDER BY last.task_version DESC LIMIT 1))
            FROM target JOIN changed ON changed.id = target.id
            RETURNING
            """
        + " "
        + SyncJobRepository.Columns;

    // Only the task's latest job can be settled: a newer change has already replaced the conflicting one. Keeping
    // the source's state moves the task to match it (done when the source shows done, otherwise the open status
    // this job asked for or had replaced) and makes the source's status the one the next change expects.
    internal const string ResolveConflictSql = $"""
        WITH settled AS (
            UPDATE sync_jobs j SET resolution = @Resolution, processed_at = NOW(), updated_at = NOW()
            FROM users u, tasks t
            WHERE j.id = @Id AND u.id = j.user_id AND u.external_id = @Subject AND t.id = j.task_id
              AND j.status = ANY(@From) AND j.failure_kind = 'conflict' AND j.resolution IS NULL
              AND t.version = j.task_version
            RETURNING j.*),
        matched AS (
            UPDATE tasks t SET updated_at = NOW(), status = source_state.status, confirmed_status = source_state.status,
                outcome_unknown = false,
                vendor_status = s.provider_result->>'vendorStatus'
            FROM settled s, LATERAL (SELECT CASE
                WHEN (s.provider_result->>'done')::boolean THEN 'completed'
                WHEN s.target_status <> 'completed' THEN s.target_status
                ELSE COALESCE(s.original_data->>'status', 'pending') END AS status) source_state
            WHERE t.id = s.task_id AND @Resolution = 'kept-source' AND s.provider_result ? 'done')
        SELECT {SyncJobRepository.Columns} FROM settled j
        """;

    /// <summary>Sets the task's status and inserts its sync job; null when the caller has no such task.</summary>
    public async Task<SyncJobRecord?> RecordChangeAsync(StatusChange change, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SyncJobRecord>(
            new CommandDefinition(RecordChangeSql, change, cancellationToken: cancellationToken)
        );
    }

    /// <summary>Marks the caller's unsettled conflict as settled; null when it is not one.</summary>
    public async Task<SyncJobRecord?> ResolveConflictAsync(
        string subject,
        Guid id,
        string resolution,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SyncJobRecord>(
            new CommandDefinition(
                ResolveConflictSql,
                new
                {
                    Subject = subject,
                    Id = id,
                    Resolution = resolution,
                    From = SyncLifecycle.FromNames(SyncTrigger.ConflictResolved),
                },
                cancellationToken: cancellationToken
            )
        );
    }
}
