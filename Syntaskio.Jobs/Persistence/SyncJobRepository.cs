using System.Text.Json;
using Dapper;
using Npgsql;
using Syntaskio.Providers;

namespace Syntaskio.Jobs.Persistence;

/// <summary>sync_jobs: reading a caller's jobs, and the state changes a worker and Hangfire's filters make.</summary>
public sealed class SyncJobRepository(NpgsqlDataSource dataSource) : ISyncJobStateWriter
{
    private static readonly JsonSerializerOptions ResultJson = new(JsonSerializerDefaults.Web);

    internal const string Columns = """
        j.id, j.task_id, j.user_id, j.source, j.action, j.target_status, j.original_data::text AS original_data,
        j.attempts, j.max_attempts, j.status, j.error, j.scheduled_at, j.processed_at, j.created_at, j.updated_at,
        j.hangfire_job_id, j.failure_kind, j.resolution
        """;

    internal const string ListForUserSql = $"""
        SELECT {Columns}
        FROM sync_jobs j JOIN users u ON u.id = j.user_id
        WHERE u.external_id = @Subject AND (@Status::text IS NULL OR j.status = @Status)
        ORDER BY j.created_at DESC
        LIMIT @Limit
        """;

    internal const string FindByIdempotencyKeySql = $"""
        SELECT {Columns}
        FROM sync_jobs j JOIN users u ON u.id = j.user_id
        WHERE u.external_id = @Subject AND j.idempotency_key = @Key
        """;

    // What support sees of a sync job on the dashboard: the change, its task and whose it is.
    internal const string DescribeSql = """
        SELECT j.id, j.task_id, j.action, j.source, j.status, j.error, j.attempts, j.max_attempts, t.title, t.kind,
               t.external_id, t.external_container_id AS container_id, u.external_id AS subject
        FROM sync_jobs j JOIN tasks t ON t.id = j.task_id JOIN users u ON u.id = j.user_id
        WHERE j.id = @Id
        """;

    internal const string FindForUserSql = $"""
        SELECT {Columns}
        FROM sync_jobs j JOIN users u ON u.id = j.user_id
        WHERE j.id = @Id AND u.external_id = @Subject
        """;

    // A confirmed write is what we last saw at the vendor whichever change it was; the task's status moves only
    // when the job is still the task's latest change. The successful call's attempt is recorded in the same statement.
    internal const string MarkCompletedSql = """
        WITH recorded AS (
            INSERT INTO sync_attempts (sync_job_id, attempt, started_at, duration_ms, outcome)
            VALUES (@SyncJobId, @Attempt, @StartedAt, @DurationMs, @Outcome)),
        done AS (
            UPDATE sync_jobs SET status = 'completed', error = NULL, processed_at = NOW(), updated_at = NOW(),
                attempts = attempts + 1, deferred_since = NULL, provider_result = @Result::jsonb,
                original_data = CASE WHEN @PriorState::jsonb IS NULL THEN original_data
                                     ELSE COALESCE(original_data, '{}') || jsonb_build_object('vendorBefore', @PriorState::jsonb) END
            WHERE id = @SyncJobId
            RETURNING task_id, target_status, task_version)
        UPDATE tasks SET vendor_status = @VendorStatus, updated_at = NOW(),
            vendor_modified_at = COALESCE(@VendorModifiedAt, tasks.vendor_modified_at),
            confirmed_status = CASE WHEN @Done THEN 'completed' ELSE done.target_status END,
            status = CASE WHEN tasks.version = done.task_version THEN done.target_status ELSE tasks.status END
        FROM done
        WHERE tasks.id = done.task_id
        """;

    // A job that failed for good, while it is still the task's latest change, rolls its task back to the status the
    // source last confirmed: the user sees what the source has, never an earlier request that was not written.
    internal const string MarkFailedSql = """
        WITH failed AS (
            UPDATE sync_jobs SET status = 'failed', error = @Error, failure_kind = @FailureKind, processed_at = NOW(),
                updated_at = NOW(),
                provider_result = CASE WHEN @VendorStatus::text IS NULL THEN provider_result
                                       ELSE jsonb_build_object('vendorStatus', @VendorStatus::text, 'done', @VendorDone::boolean) END
            WHERE id = @Id AND status NOT IN ('completed', 'superseded')
            RETURNING id, task_id, source, task_version),
        rolled_back AS (
            UPDATE tasks SET status = tasks.confirmed_status, updated_at = NOW()
            FROM failed
            WHERE tasks.id = failed.task_id AND tasks.version = failed.task_version
              AND tasks.status <> tasks.confirmed_status)
        SELECT source FROM failed
        """;

    // A deferral (no provider call) starts or continues the job's deferral clock; a retry after a call stops it.
    internal const string MarkRetryingSql = """
        UPDATE sync_jobs SET status = 'pending', error = @Error, scheduled_at = @ScheduledAt, updated_at = NOW(),
            deferred_since = CASE WHEN @Deferred THEN COALESCE(deferred_since, NOW()) END
        WHERE id = @Id AND status NOT IN ('completed', 'superseded')
        RETURNING source
        """;

    internal const string MarkRequeuedSql = """
        UPDATE sync_jobs SET status = 'pending', failure_kind = NULL, scheduled_at = NOW(), processed_at = NULL,
            deferred_since = NULL, updated_at = NOW()
        WHERE id = @Id AND status = 'failed'
        """;

    // Only the task's latest job can be settled: a newer change has already replaced the conflicting one. Keeping
    // the source's state moves the task to match it (done when the source shows done, otherwise the open status
    // this job asked for or had replaced) and makes the source's status the one the next change expects.
    internal const string ResolveConflictSql = $"""
        WITH settled AS (
            UPDATE sync_jobs j SET resolution = @Resolution, processed_at = NOW(), updated_at = NOW()
            FROM users u, tasks t
            WHERE j.id = @Id AND u.id = j.user_id AND u.external_id = @Subject AND t.id = j.task_id
              AND j.status = 'failed' AND j.failure_kind = 'conflict' AND j.resolution IS NULL
              AND t.version = j.task_version
            RETURNING j.*),
        matched AS (
            UPDATE tasks t SET updated_at = NOW(), status = source_state.status, confirmed_status = source_state.status,
                vendor_status = s.provider_result->>'vendorStatus'
            FROM settled s, LATERAL (SELECT CASE
                WHEN (s.provider_result->>'done')::boolean THEN 'completed'
                WHEN s.target_status <> 'completed' THEN s.target_status
                ELSE COALESCE(s.original_data->>'status', 'pending') END AS status) source_state
            WHERE t.id = s.task_id AND @Resolution = 'kept-source' AND s.provider_result ? 'done')
        SELECT {Columns} FROM settled j
        """;

    // Settled: written or superseded; a conflict the user resolved; a dead letter a newer change replaced. A dead
    // letter that is still the task's latest change waits for the person, however old. A job is settled after it
    // was made, so created_at (indexed, db/0014) finds the candidates.
    internal const string DeleteSettledSql = """
        DELETE FROM sync_jobs WHERE id IN (
            SELECT j.id FROM sync_jobs j
            WHERE j.created_at < @Cutoff AND j.processed_at < @Cutoff AND j.status IN ('completed', 'superseded', 'failed')
              AND (j.status <> 'failed' OR j.resolution IS NOT NULL
                   OR EXISTS (SELECT 1 FROM sync_jobs newer WHERE newer.task_id = j.task_id
                              AND newer.task_version > j.task_version AND newer.created_at < @Cutoff))
            LIMIT @Batch)
        """;

    /// <summary>Deletes settled syncs (and their attempts) older than <paramref name="cutoff"/>, a batch at a time.</summary>
    public Task<int> DeleteSettledOlderThanAsync(DateTime cutoff, int batchSize, CancellationToken cancellationToken) =>
        BatchedDelete.RunAsync(dataSource, DeleteSettledSql, cutoff, batchSize, cancellationToken);

    /// <summary>Marks the caller's unsettled conflict as settled; null when it is not one.</summary>
    public async Task<SyncJobRecord?> ResolveConflictAsync(string subject, Guid id, string resolution, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SyncJobRecord>(new CommandDefinition(
            ResolveConflictSql, new { Subject = subject, Id = id, Resolution = resolution }, cancellationToken: cancellationToken));
    }

    public async Task<SyncJobRecord?> FindByIdempotencyKeyAsync(string subject, string key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SyncJobRecord>(
            new CommandDefinition(FindByIdempotencyKeySql, new { Subject = subject, Key = key }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The job, its task and its person, for the support dashboard. Blocking: Hangfire renders its pages
    /// synchronously.
    /// </summary>
    public SyncJobDescription? Describe(Guid id)
    {
        using var connection = dataSource.OpenConnection();
        return connection.QuerySingleOrDefault<SyncJobDescription>(DescribeSql, new { Id = id });
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

    /// <summary>The job's write was confirmed by <paramref name="attempt"/>, the provider call that made it.</summary>
    public Task MarkCompletedAsync(SyncAttempt attempt, ProviderWriteResult result, CancellationToken cancellationToken) =>
        ExecuteAsync(MarkCompletedSql, new
        {
            attempt.SyncJobId,
            attempt.Attempt,
            attempt.StartedAt,
            attempt.DurationMs,
            attempt.Outcome,
            Result = JsonSerializer.Serialize(new { result.VendorStatus, result.Done, result.Detail }, ResultJson),
            result.PriorState,
            result.VendorStatus,
            result.Done,
            result.VendorModifiedAt,
        }, cancellationToken);

    // Hangfire state filters are synchronous, so these three are too.
    /// <param name="vendorStatus">For a conflict, what the source showed instead: keeping it makes it the status the task's next change expects.</param>
    public string? MarkFailed(Guid id, string error, string? failureKind, string? vendorStatus, bool? vendorDone) =>
        QueryProvider(MarkFailedSql, new { Id = id, Error = error, FailureKind = failureKind, VendorStatus = vendorStatus, VendorDone = vendorDone });

    public string? MarkRetrying(Guid id, string error, DateTime scheduledAt, bool deferred) =>
        QueryProvider(MarkRetryingSql, new { Id = id, Error = error, ScheduledAt = scheduledAt, Deferred = deferred });

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
}
