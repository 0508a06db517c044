using System.Text.Json;
using Dapper;
using Npgsql;
using Syntaskio.Providers;

namespace Syntaskio.Jobs.Persistence;

/// <summary>sync_jobs: reading a caller's jobs, and the state changes a worker makes.</summary>
public sealed class SyncJobRepository(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions ResultJson = new(JsonSerializerDefaults.Web);

    internal const string Columns = """
        j.id, j.task_id, j.user_id, j.source, j.action, j.target_status, j.original_data::text AS original_data,
        j.attempts, j.max_attempts, j.status, j.error, j.scheduled_at, j.processed_at, j.created_at, j.updated_at,
        j.hangfire_job_id
        """;

    private const string ListForUserSql = $"""
        SELECT {Columns}
        FROM sync_jobs j JOIN users u ON u.id = j.user_id
        WHERE u.external_id = @Subject AND (@Status::text IS NULL OR j.status = @Status)
        ORDER BY j.created_at DESC
        LIMIT @Limit
        """;

    private const string FindByIdempotencyKeySql = $"""
        SELECT {Columns}
        FROM sync_jobs j JOIN users u ON u.id = j.user_id
        WHERE u.external_id = @Subject AND j.idempotency_key = @Key
        """;

    private const string FindForUserSql = $"""
        SELECT {Columns}
        FROM sync_jobs j JOIN users u ON u.id = j.user_id
        WHERE j.id = @Id AND u.external_id = @Subject
        """;

    private const string FindForClaimSql = "SELECT status, task_id, created_at FROM sync_jobs WHERE id = @Id";

    // Claims of one task's jobs take turns on the task row, so two changes to a task are never written at once.
    private const string LockTaskSql = "SELECT 1 FROM tasks WHERE id = @TaskId FOR UPDATE";

    private const string HasNewerSql = "SELECT EXISTS (SELECT 1 FROM sync_jobs WHERE task_id = @TaskId AND created_at > @CreatedAt)";

    private const string HasSiblingInFlightSql = """
        SELECT EXISTS (SELECT 1 FROM sync_jobs WHERE task_id = @TaskId AND id <> @Id AND status = 'processing'
                       AND updated_at > NOW() - make_interval(secs => @LeaseSeconds))
        """;

    private const string MarkSupersededSql = """
        UPDATE sync_jobs SET status = 'completed', error = NULL, processed_at = NOW(), updated_at = NOW(),
            provider_result = '{"superseded": true, "detail": "a newer change to this task was requested; no write was made"}'
        WHERE id = @Id
        """;

    // Attempts count provider calls (SyncAttemptRepository adds them), so the claim returns the next call's number.
    // The expected vendor status is what the task's last confirmed sync saw, read now (claims of a task take turns),
    // so our own earlier write is never mistaken for someone else's change.
    private const string ClaimSql = """
        WITH claimed AS (
            UPDATE sync_jobs SET status = 'processing', updated_at = NOW()
            WHERE id = @Id
            RETURNING id, user_id, source, task_id, target_status, original_data, attempts, created_at)
        SELECT c.id, c.user_id, c.source, c.target_status, NULLIF((c.original_data->'restore')::text, 'null') AS restore_state,
               (SELECT seen.provider_result->>'vendorStatus' FROM sync_jobs seen
                WHERE seen.task_id = c.task_id AND seen.id <> c.id AND seen.status = 'completed' AND seen.provider_result ? 'vendorStatus'
                ORDER BY seen.processed_at DESC LIMIT 1) AS expected_vendor_status,
               c.attempts + 1 AS attempts,
               c.created_at,
               t.kind, t.external_id, t.external_container_id
        FROM claimed c JOIN tasks t ON t.id = c.task_id
        """;

    private const string MarkCompletedSql = """
        WITH done AS (
            UPDATE sync_jobs SET status = 'completed', error = NULL, processed_at = NOW(), updated_at = NOW(),
                provider_result = @Result::jsonb,
                original_data = CASE WHEN @PriorState::jsonb IS NULL THEN original_data
                                     ELSE COALESCE(original_data, '{}') || jsonb_build_object('vendorBefore', @PriorState::jsonb) END
            WHERE id = @Id
            RETURNING task_id, target_status, created_at)
        UPDATE tasks SET status = done.target_status, updated_at = NOW()
        FROM done
        WHERE tasks.id = done.task_id AND tasks.status <> done.target_status
          AND NOT EXISTS (SELECT 1 FROM sync_jobs newer WHERE newer.task_id = done.task_id AND newer.created_at > done.created_at)
        """;

    // A job that failed for good rolls its task back to the status it replaced, so the user sees the truth; but
    // only while it is the task's latest intent and the task still shows what this job asked for.
    private const string MarkFailedSql = """
        WITH failed AS (
            UPDATE sync_jobs SET status = 'failed', error = @Error, processed_at = NOW(), updated_at = NOW()
            WHERE id = @Id AND status <> 'completed'
            RETURNING id, task_id, source, target_status, original_data->>'status' AS previous_status, created_at),
        rolled_back AS (
            UPDATE tasks SET status = failed.previous_status, updated_at = NOW()
            FROM failed
            WHERE tasks.id = failed.task_id AND tasks.status = failed.target_status AND failed.previous_status IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM sync_jobs newer WHERE newer.task_id = failed.task_id AND newer.created_at > failed.created_at))
        SELECT source FROM failed
        """;

    private const string MarkRetryingSql = """
        UPDATE sync_jobs SET status = 'pending', error = @Error, scheduled_at = @ScheduledAt, updated_at = NOW()
        WHERE id = @Id AND status <> 'completed'
        RETURNING source
        """;

    private const string MarkRequeuedSql = """
        UPDATE sync_jobs SET status = 'pending', scheduled_at = NOW(), processed_at = NULL, updated_at = NOW()
        WHERE id = @Id AND status = 'failed'
        """;

    public async Task<SyncJobRecord?> FindByIdempotencyKeyAsync(string subject, string key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SyncJobRecord>(
            new CommandDefinition(FindByIdempotencyKeySql, new { Subject = subject, Key = key }, cancellationToken: cancellationToken));
    }

    public async Task<SyncJobRecord?> FindForUserAsync(Guid id, string subject, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SyncJobRecord>(
            new CommandDefinition(FindForUserSql, new { Id = id, Subject = subject }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<SyncJobRecord>> ListForUserAsync(string subject, string? status, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SyncJobRecord>(new CommandDefinition(
            ListForUserSql, new { Subject = subject, Status = status, Limit = limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// Decides, under the task's row lock, whether this job writes now. <paramref name="lease"/> is how long another
    /// job's "processing" counts as in flight (a crashed worker's job stops blocking its task after that).
    /// </summary>
    public async Task<SyncClaim> ClaimAsync(Guid id, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var found = await connection.QuerySingleOrDefaultAsync<ClaimCandidate>(
            new CommandDefinition(FindForClaimSql, new { Id = id }, transaction, cancellationToken: cancellationToken));
        if (found is null || found.Status == SyncStatus.Completed) return new SyncClaim(SyncClaimOutcome.Done);

        await connection.ExecuteAsync(new CommandDefinition(LockTaskSql, new { found.TaskId }, transaction, cancellationToken: cancellationToken));
        SyncClaim claim;
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(HasNewerSql, new { found.TaskId, found.CreatedAt }, transaction, cancellationToken: cancellationToken)))
        {
            await connection.ExecuteAsync(new CommandDefinition(MarkSupersededSql, new { Id = id }, transaction, cancellationToken: cancellationToken));
            claim = new SyncClaim(SyncClaimOutcome.Superseded);
        }
        else if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            HasSiblingInFlightSql, new { Id = id, found.TaskId, LeaseSeconds = lease.TotalSeconds }, transaction, cancellationToken: cancellationToken)))
        {
            claim = new SyncClaim(SyncClaimOutcome.TaskBusy);
        }
        else
        {
            var work = await connection.QuerySingleAsync<SyncWorkItem>(new CommandDefinition(ClaimSql, new { Id = id }, transaction, cancellationToken: cancellationToken));
            claim = new SyncClaim(SyncClaimOutcome.Claimed, work);
        }
        await transaction.CommitAsync(cancellationToken);
        return claim;
    }

    public Task MarkCompletedAsync(Guid id, ProviderWriteResult result, CancellationToken cancellationToken) =>
        ExecuteAsync(MarkCompletedSql, new
        {
            Id = id,
            Result = JsonSerializer.Serialize(new { result.VendorStatus, result.Done, result.Detail }, ResultJson),
            result.PriorState,
        }, cancellationToken);

    // Hangfire state filters are synchronous, so these three are too. The first two return the job's provider
    // when they changed it (null when the job had already completed).
    public string? MarkFailed(Guid id, string error) => QueryProvider(MarkFailedSql, new { Id = id, Error = error });

    public string? MarkRetrying(Guid id, string error, DateTime scheduledAt) =>
        QueryProvider(MarkRetryingSql, new { Id = id, Error = error, ScheduledAt = scheduledAt });

    public void MarkRequeued(Guid id) => Execute(MarkRequeuedSql, new { Id = id });

    private async Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    private string? QueryProvider(string sql, object parameters)
    {
        using var connection = dataSource.OpenConnection();
        return connection.QuerySingleOrDefault<string>(sql, parameters);
    }

    private void Execute(string sql, object parameters)
    {
        using var connection = dataSource.OpenConnection();
        connection.Execute(sql, parameters);
    }

    private sealed class ClaimCandidate
    {
        public string Status { get; init; } = "";
        public Guid TaskId { get; init; }
        public DateTime CreatedAt { get; init; }
    }
}
