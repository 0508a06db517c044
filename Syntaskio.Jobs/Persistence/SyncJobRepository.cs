using System.Text.Json;
using Dapper;
using Npgsql;
using Syntaskio.Providers;

namespace Syntaskio.Jobs.Persistence;

/// <summary>sync_jobs: reading a caller's jobs, and the state changes a worker and Hangfire's filters make.</summary>
public sealed class SyncJobRepository(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions ResultJson = new(JsonSerializerDefaults.Web);

    internal const string Columns = """
        j.id, j.task_id, j.user_id, j.source, j.action, j.target_status, j.original_data::text AS original_data,
        j.attempts, j.max_attempts, j.status, j.error, j.scheduled_at, j.processed_at, j.created_at, j.updated_at,
        j.hangfire_job_id, j.failure_kind, j.resolution
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
            UPDATE sync_jobs SET status = 'failed', error = @Error, failure_kind = @FailureKind, processed_at = NOW(), updated_at = NOW(),
                provider_result = CASE WHEN @VendorStatus::text IS NULL THEN provider_result
                                       ELSE jsonb_build_object('vendorStatus', @VendorStatus::text, 'done', @VendorDone::boolean) END
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
        UPDATE sync_jobs SET status = 'pending', failure_kind = NULL, scheduled_at = NOW(), processed_at = NULL, updated_at = NOW()
        WHERE id = @Id AND status = 'failed'
        """;

    // Only the task's latest job can be settled: a newer change has already replaced the conflicting one. Keeping
    // the source's state moves the task to match it: done when the source shows done, otherwise the open status
    // this job asked for (a reopen) or had replaced (a completion).
    private const string ResolveConflictSql = $"""
        WITH settled AS (
            UPDATE sync_jobs j SET resolution = @Resolution, processed_at = NOW(), updated_at = NOW()
            FROM users u
            WHERE j.id = @Id AND u.id = j.user_id AND u.external_id = @Subject
              AND j.status = 'failed' AND j.failure_kind = 'conflict' AND j.resolution IS NULL
              AND NOT EXISTS (SELECT 1 FROM sync_jobs newer WHERE newer.task_id = j.task_id AND newer.created_at > j.created_at)
            RETURNING j.*),
        matched AS (
            UPDATE tasks t SET updated_at = NOW(), status = CASE
                WHEN (s.provider_result->>'done')::boolean THEN 'completed'
                WHEN s.target_status <> 'completed' THEN s.target_status
                ELSE COALESCE(s.original_data->>'status', t.status) END
            FROM settled s
            WHERE t.id = s.task_id AND @Resolution = 'kept-source' AND s.provider_result ? 'done')
        SELECT {Columns} FROM settled j
        """;

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

    public Task MarkCompletedAsync(Guid id, ProviderWriteResult result, CancellationToken cancellationToken) =>
        ExecuteAsync(MarkCompletedSql, new
        {
            Id = id,
            Result = JsonSerializer.Serialize(new { result.VendorStatus, result.Done, result.Detail }, ResultJson),
            result.PriorState,
        }, cancellationToken);

    // Hangfire state filters are synchronous, so these three are too. The first two return the job's provider
    // when they changed it (null when the job had already completed).
    /// <param name="vendorStatus">For a conflict, what the source showed instead: keeping it makes it the status the task's next change expects.</param>
    public string? MarkFailed(Guid id, string error, string? failureKind, string? vendorStatus, bool? vendorDone) =>
        QueryProvider(MarkFailedSql, new { Id = id, Error = error, FailureKind = failureKind, VendorStatus = vendorStatus, VendorDone = vendorDone });

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
}
