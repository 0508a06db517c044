using Dapper;

namespace Syntaskio.Jobs.Lifecycle;

/// <summary>
/// Hangfire's verdicts on a job (its state filter): failed for good or deleted, a retry or deferral scheduled, a
/// dead letter requeued. Hangfire's filters are synchronous, so these are too; they are not atomic with Hangfire's own
/// transaction, so each is idempotent.
/// </summary>
public sealed partial class SyncLifecycleRepository
{
    // A job that failed for good, while it is still the task's latest change, rolls its task back to the status the
    // source last confirmed: the user sees what the source has, never an earlier request that was not written. A task
    // with a write whose outcome is unknown (an attempt of this or an earlier change got no answer) is not rolled
    // back: what the source holds is not known, so the job fails as unknown_outcome, and the next read settles it.
    internal const string MarkFailedSql = """
        WITH failed AS (
            UPDATE sync_jobs SET status = 'failed', error = @Error, processed_at = NOW(), updated_at = NOW(),
                failure_kind = CASE
                    WHEN @FailureKind IS DISTINCT FROM 'conflict' AND EXISTS (
                        SELECT 1 FROM tasks t WHERE t.id = sync_jobs.task_id AND t.outcome_unknown)
                    THEN 'unknown_outcome' ELSE @FailureKind END,
                provider_result = CASE WHEN @VendorStatus::text IS NULL THEN provider_result
                                       ELSE jsonb_build_object('vendorStatus', @VendorStatus::text, 'done',
                                           @VendorDone::boolean) END
            WHERE id = @Id AND status = ANY(@From)
            RETURNING id, task_id, source, task_version, failure_kind),
        rolled_back AS (
            UPDATE tasks SET status = tasks.confirmed_status, updated_at = NOW()
            FROM failed
            WHERE tasks.id = failed.task_id AND tasks.version = failed.task_version
              AND tasks.status <> tasks.confirmed_status AND failed.failure_kind IS DISTINCT FROM 'unknown_outcome')
        SELECT source FROM failed
        """;

    // A deferral (no provider call) starts or continues the job's deferral clock; a retry after a call stops it.
    internal const string MarkRetryingSql = """
        UPDATE sync_jobs SET status = 'pending', error = @Error, scheduled_at = @ScheduledAt, updated_at = NOW(),
            deferred_since = CASE WHEN @Deferred THEN COALESCE(deferred_since, NOW()) END
        WHERE id = @Id AND status = ANY(@From)
        RETURNING source
        """;

    internal const string MarkRequeuedSql = """
        UPDATE sync_jobs SET status = 'pending', failure_kind = NULL, scheduled_at = NOW(), processed_at = NULL,
            deferred_since = NULL, updated_at = NOW()
        WHERE id = @Id AND status = ANY(@From)
        """;

    /// <param name="vendorStatus">
    /// For a conflict, what the source showed instead: keeping it makes it the status the task's next change expects.
    /// </param>
    public string? MarkFailed(Guid id, string error, string? failureKind, string? vendorStatus, bool? vendorDone) =>
        QueryProvider(
            id,
            SyncTrigger.FailedForGood,
            MarkFailedSql,
            new
            {
                Id = id,
                Error = error,
                FailureKind = failureKind,
                VendorStatus = vendorStatus,
                VendorDone = vendorDone,
                From = SyncLifecycle.FromNames(SyncTrigger.FailedForGood),
            }
        );

    public string? MarkDeleted(Guid id, string error) =>
        QueryProvider(
            id,
            SyncTrigger.Deleted,
            MarkFailedSql,
            new
            {
                Id = id,
                Error = error,
                FailureKind = "permanent",
                VendorStatus = (string?)null,
                VendorDone = (bool?)null,
                From = SyncLifecycle.FromNames(SyncTrigger.Deleted),
            }
        );

    public string? MarkRetrying(Guid id, string error, DateTime scheduledAt, bool deferred) =>
        QueryProvider(
            id,
            SyncTrigger.RetryScheduled,
            MarkRetryingSql,
            new
            {
                Id = id,
                Error = error,
                ScheduledAt = scheduledAt,
                Deferred = deferred,
                From = SyncLifecycle.FromNames(SyncTrigger.RetryScheduled),
            }
        );

    public void MarkRequeued(Guid id)
    {
        using var connection = dataSource.OpenConnection();
        var requeued = connection.Execute(
            MarkRequeuedSql,
            new { Id = id, From = SyncLifecycle.FromNames(SyncTrigger.Requeued) }
        );
        if (requeued == 0)
            LogRefused(id, SyncTrigger.Requeued);
    }

    private string? QueryProvider(Guid id, SyncTrigger trigger, string sql, object parameters)
    {
        using var connection = dataSource.OpenConnection();
        var provider = connection.QuerySingleOrDefault<string>(sql, parameters);
        if (provider is null)
            LogRefused(id, trigger);
        return provider;
    }
}
