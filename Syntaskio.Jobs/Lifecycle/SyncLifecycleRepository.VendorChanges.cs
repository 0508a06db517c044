using Dapper;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Jobs.Lifecycle;

/// <summary>What a vendor's change feed reports: a task changed there, or the person's task list did.</summary>
public sealed partial class SyncLifecycleRepository
{
    // Applied unless a change of ours is in flight for the task (that job's own read decides), it is not newer than
    // what we last saw at the vendor (our own write coming back, or older news), or it changes nothing. A new status
    // is an event on the person's stream; a new vendor word for the same status (To Do's "deferred" for our pending,
    // say) is only recorded. A change of the person's that commits while this statement waits for the task's lock is
    // in flight too: the locked row is then read anew, but the statement's snapshot sees neither its sync job nor its
    // version, so a version newer than the snapshot's is taken as a change in flight (READ COMMITTED's re-check of a
    // locked row). A read that shows the person's status settles a sync whose write's outcome was unknown: the vendor
    // holds the change, so the sync is confirmed.
    internal const string ApplyVendorChangeSql = """
        WITH target AS (
            SELECT t.id, t.user_id, t.status, t.vendor_status, t.vendor_modified_at, t.version, t.outcome_unknown,
                   EXISTS (SELECT 1 FROM sync_jobs j WHERE j.task_id = t.id AND j.task_version = t.version
                           AND j.status IN ('pending', 'processing'))
                   OR t.version <> (SELECT seen.version FROM tasks seen WHERE seen.id = t.id) AS in_flight
            FROM tasks t
            WHERE t.user_id = @UserId AND t.source = @Source AND t.kind = @Kind
              AND COALESCE(t.external_container_id, '') = COALESCE(@ContainerId, '') AND t.external_id = @ExternalId
            FOR UPDATE OF t),
        applied AS (
            UPDATE tasks t SET status = @Status, confirmed_status = @Status, vendor_status = @VendorStatus,
                vendor_modified_at = COALESCE(@ModifiedAt, t.vendor_modified_at), title = COALESCE(@Title, t.title),
                outcome_unknown = false, updated_at = NOW()
            FROM target
            WHERE t.id = target.id AND NOT target.in_flight
              AND (target.outcome_unknown OR @ModifiedAt IS NULL OR target.vendor_modified_at IS NULL
                   OR @ModifiedAt > target.vendor_modified_at)
              AND (target.outcome_unknown OR target.status <> @Status
                   OR target.vendor_status IS DISTINCT FROM @VendorStatus)
            RETURNING t.id, t.user_id, target.status AS was),
        confirmed AS (
            UPDATE sync_jobs j SET status = 'completed', failure_kind = NULL, error = NULL, processed_at = NOW(),
                updated_at = NOW(),
                provider_result = jsonb_build_object('vendorStatus', @VendorStatus::text, 'done', @Status = 'completed',
                    'detail', 'confirmed by a later read of the vendor')
            FROM target
            WHERE j.task_id = target.id AND j.task_version = target.version AND j.status = ANY(@From)
              AND j.failure_kind = 'unknown_outcome' AND target.status = @Status),
        announced AS (
            SELECT emit_sync_event(user_id, 'task.changed', id, NULL, @Status, 0, NULL, NULL, @Source, @VendorStatus)
            FROM applied WHERE was <> @Status)
        SELECT CASE WHEN (SELECT COUNT(*) FROM announced) > 0 THEN 'applied'
                    WHEN EXISTS (SELECT 1 FROM applied) OR EXISTS (SELECT 1 FROM target) THEN 'kept'
                    ELSE 'missing' END
        """;

    internal const string RecordTaskListChangedSql = $"""
        SELECT emit_sync_event(@UserId, '{SyncEventRepository.TaskListChanged}', NULL, NULL, '', 0, NULL, NULL,
                               @Provider, NULL)
        """;

    /// <summary>Applies a change seen at the vendor (see the SQL for when it is news).</summary>
    public async Task<VendorChangeOutcome> ApplyVendorChangeAsync(
        VendorChange change,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new DynamicParameters(change);
        parameters.Add("From", SyncLifecycle.FromNames(SyncTrigger.Confirmed));
        var outcome = await connection.ExecuteScalarAsync<string>(
            new CommandDefinition(ApplyVendorChangeSql, parameters, cancellationToken: cancellationToken)
        );
        return outcome switch
        {
            "applied" => VendorChangeOutcome.Applied,
            "kept" => VendorChangeOutcome.Kept,
            _ => VendorChangeOutcome.Missing,
        };
    }

    /// <summary>Tells the person's streams that tasks from <paramref name="provider"/> were added or removed.</summary>
    public async Task RecordTaskListChangedAsync(Guid userId, string provider, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            new CommandDefinition(
                RecordTaskListChangedSql,
                new { UserId = userId, Provider = provider },
                cancellationToken: cancellationToken
            )
        );
    }
}
