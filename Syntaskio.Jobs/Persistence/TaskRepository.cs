using Dapper;
using Npgsql;
using Syntaskio.Jobs.Intake;
using Syntaskio.Providers.Inbound;

namespace Syntaskio.Jobs.Persistence;

/// <summary>tasks: what a user sees, and the status change that starts a sync.</summary>
public sealed class TaskRepository(NpgsqlDataSource dataSource)
{
    internal const string ListForUserSql = """
        SELECT t.id, t.source, t.kind, t.external_id, t.external_container_id, t.title, t.status, t.updated_at,
               s.id AS sync_id, s.status AS sync_status, s.error AS sync_error, s.updated_at AS sync_updated_at,
               s.attempts AS sync_attempts, s.failure_kind AS sync_failure_kind, s.resolution AS sync_resolution,
               CASE WHEN s.status = 'pending' AND s.attempts > 0 THEN s.scheduled_at END AS sync_next_attempt_at,
               (SELECT max(e.id) FROM sync_events e WHERE e.task_id = t.id) AS sync_event_id
        FROM tasks t
        JOIN users u ON u.id = t.user_id
        LEFT JOIN LATERAL (
            SELECT j.id, j.status, j.error, j.updated_at, j.attempts, j.failure_kind, j.resolution, j.scheduled_at FROM sync_jobs j
            WHERE j.task_id = t.id ORDER BY j.task_version DESC LIMIT 1) s ON TRUE
        WHERE u.external_id = @Subject
        ORDER BY t.source, t.title, t.id
        """;

    // The row lock orders concurrent changes to one task and numbers them (tasks.version); the audit row commits with
    // the change. The sync job remembers the status it replaced and, for a reopen, the vendor state the last
    // completion replaced, so the provider can put it back.
    internal const string RecordChangeSql = """
        WITH target AS (
            SELECT t.id, t.user_id, t.source, t.status FROM tasks t JOIN users u ON u.id = t.user_id
            WHERE t.id = @TaskId AND u.external_id = @Subject
            FOR UPDATE OF t),
        changed AS (
            UPDATE tasks SET status = @TargetStatus, version = tasks.version + 1, updated_at = NOW()
            FROM target WHERE tasks.id = target.id
            RETURNING tasks.id, tasks.version),
        audited AS (
            INSERT INTO audit_log (actor, action, task_id, sync_job_id, from_status, to_status, idempotency_key, client_address, outcome)
            SELECT @Subject, 'change.' || @Action, target.id, @SyncJobId, target.status, @TargetStatus, @IdempotencyKey, @ClientAddress,
                   CASE WHEN @Force THEN 'accepted (forced over a conflict)' ELSE 'accepted' END
            FROM target)
        INSERT INTO sync_jobs AS j (id, task_id, user_id, source, action, target_status, idempotency_key, task_version,
                                    hangfire_job_id, max_attempts, original_data)
        SELECT @SyncJobId, target.id, target.user_id, target.source, @Action, @TargetStatus, @IdempotencyKey, changed.version,
               @HangfireJobId, @MaxAttempts,
               jsonb_build_object('status', target.status, 'force', @Force, 'restore', (
                   SELECT last.original_data->'vendorBefore' FROM sync_jobs last
                   WHERE last.task_id = target.id AND last.action = 'complete' AND last.status = 'completed'
                   ORDER BY last.task_version DESC LIMIT 1))
        FROM target JOIN changed ON changed.id = target.id
        RETURNING
        """ + " " + SyncJobRepository.Columns;

    // What the aggregation service read at the vendor is what the source confirms.
    private const string UpsertSql = """
        INSERT INTO tasks (user_id, source, kind, external_id, external_container_id, title, status, confirmed_status,
                           vendor_status)
        VALUES (@UserId, @Source, @Kind, @ExternalId, @ExternalContainerId, @Title, @Status, @Status, @VendorStatus)
        ON CONFLICT (user_id, source, kind, COALESCE(external_container_id, ''), external_id)
        DO UPDATE SET title = EXCLUDED.title, status = EXCLUDED.status, confirmed_status = EXCLUDED.status,
                      vendor_status = EXCLUDED.vendor_status, updated_at = NOW()
        RETURNING id
        """;

    // A task with a change in flight keeps the user's pending intent: that job's own read at the vendor decides.
    // Only rows that really change count as updated, so a repeated call reports nothing.
    private const string UpsertManySql = """
        WITH input AS (
            SELECT * FROM unnest(@Sources, @Kinds, @ContainerIds, @ExternalIds, @Titles, @Statuses, @VendorStatuses)
                AS i(source, kind, container_id, external_id, title, status, vendor_status)),
        existing AS (
            SELECT t.id, i.*, EXISTS (SELECT 1 FROM sync_jobs j WHERE j.task_id = t.id AND j.task_version = t.version
                                      AND j.status IN ('pending', 'processing')) AS busy
            FROM input i JOIN tasks t ON t.user_id = @UserId AND t.source = i.source AND t.kind = i.kind
                AND COALESCE(t.external_container_id, '') = COALESCE(i.container_id, '') AND t.external_id = i.external_id),
        updated AS (
            UPDATE tasks t SET title = e.title, updated_at = NOW(),
                status = CASE WHEN e.busy THEN t.status ELSE e.status END,
                confirmed_status = CASE WHEN e.busy THEN t.confirmed_status ELSE e.status END,
                vendor_status = CASE WHEN e.busy THEN t.vendor_status ELSE e.vendor_status END
            FROM existing e
            WHERE t.id = e.id AND (t.title IS DISTINCT FROM e.title OR (NOT e.busy
                AND (t.status, t.confirmed_status, t.vendor_status) IS DISTINCT FROM (e.status, e.status, e.vendor_status)))
            RETURNING t.id),
        created AS (
            INSERT INTO tasks (user_id, source, kind, external_container_id, external_id, title, status, confirmed_status,
                               vendor_status)
            SELECT @UserId, i.source, i.kind, i.container_id, i.external_id, i.title, i.status, i.status, i.vendor_status
            FROM input i
            WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e.source = i.source AND e.kind = i.kind
                              AND e.container_id IS NOT DISTINCT FROM i.container_id AND e.external_id = i.external_id)
            ON CONFLICT DO NOTHING
            RETURNING id)
        SELECT (SELECT count(*) FROM created)::int AS created, (SELECT count(*) FROM updated)::int AS updated
        """;

    private const string RemoveManySql = """
        DELETE FROM tasks t
        USING unnest(@Sources, @ContainerIds, @ExternalIds) AS r(source, container_id, external_id)
        WHERE t.user_id = @UserId AND t.source = r.source AND t.external_id = r.external_id
          AND COALESCE(t.external_container_id, '') = COALESCE(r.container_id, '')
        """;

    // A vendor-side change (issue 15), applied unless a change of ours is in flight for the task (that job's own read
    // decides), it is not newer than what we last saw at the vendor (our own write coming back, or older news), or it
    // changes nothing. A new status is an event on the person's stream; a new vendor word for the same status (To Do's
    // "deferred" for our pending, say) is only recorded. Returns 'applied' (an event was sent), 'kept' or 'missing'.
    // A change of the person's that commits while this statement waits for the task's lock is in flight too: the
    // locked row is then read anew, but the statement's snapshot sees neither its sync job nor its version, so a
    // version newer than the snapshot's is taken as a change in flight (READ COMMITTED's re-check of a locked row).
    internal const string ApplyVendorChangeSql = """
        WITH target AS (
            SELECT t.id, t.user_id, t.status, t.vendor_status, t.vendor_modified_at,
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
                updated_at = NOW()
            FROM target
            WHERE t.id = target.id AND NOT target.in_flight
              AND (@ModifiedAt IS NULL OR target.vendor_modified_at IS NULL OR @ModifiedAt > target.vendor_modified_at)
              AND (target.status <> @Status OR target.vendor_status IS DISTINCT FROM @VendorStatus)
            RETURNING t.id, t.user_id, target.status AS was),
        announced AS (
            INSERT INTO sync_events (user_id, task_id, type, task_status, attempt, provider, vendor_status)
            SELECT user_id, id, 'task.changed', @Status, 0, @Source, @VendorStatus FROM applied WHERE was <> @Status
            RETURNING user_id)
        SELECT CASE WHEN EXISTS (SELECT 1 FROM announced a JOIN users u ON u.id = a.user_id,
                                 LATERAL pg_notify('sync_events', u.external_id) n) THEN 'applied'
                    WHEN EXISTS (SELECT 1 FROM applied) OR EXISTS (SELECT 1 FROM target) THEN 'kept'
                    ELSE 'missing' END
        """;

    internal const string ListKnownSql = """
        SELECT kind, external_container_id AS ContainerId, external_id AS ExternalId, status = 'completed' AS Done
        FROM tasks WHERE user_id = @UserId AND source = @Source
        """;

    private const string FindKindSql = """
        SELECT t.kind FROM tasks t JOIN users u ON u.id = t.user_id WHERE t.id = @TaskId AND u.external_id = @Subject
        """;


    public async Task<IReadOnlyList<TaskRecord>> ListForUserAsync(string subject, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<TaskRecord>(
            new CommandDefinition(ListForUserSql, new { Subject = subject }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The kind of the caller's task, or null when the caller has no such task.</summary>
    public async Task<string?> FindKindAsync(string subject, Guid taskId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(
            new CommandDefinition(FindKindSql, new { Subject = subject, TaskId = taskId }, cancellationToken: cancellationToken));
    }

    /// <summary>Adds a task (or refreshes its title and status) as the aggregation service would.</summary>
    public async Task<Guid> UpsertAsync(NewTask task, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(UpsertSql, task, cancellationToken: cancellationToken));
    }

    /// <summary>The aggregation service's tasks for one user: how many were created and how many changed.</summary>
    public async Task<(int Created, int Updated)> UpsertManyAsync(Guid userId, IReadOnlyList<IntakeTask> tasks, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var counts = await connection.QuerySingleAsync<(int Created, int Updated)>(new CommandDefinition(UpsertManySql, new
        {
            UserId = userId,
            Sources = tasks.Select(task => task.Source).ToArray(),
            Kinds = tasks.Select(task => task.Kind).ToArray(),
            ContainerIds = tasks.Select(task => task.ContainerId).ToArray(),
            ExternalIds = tasks.Select(task => task.ExternalId).ToArray(),
            Titles = tasks.Select(task => task.Title).ToArray(),
            Statuses = tasks.Select(task => task.Status).ToArray(),
            VendorStatuses = tasks.Select(task => task.VendorStatus).ToArray(),
        }, cancellationToken: cancellationToken));
        return counts;
    }

    /// <summary>Deletes the user's tasks that are gone at their vendor (their sync history goes with them).</summary>
    public async Task<int> RemoveManyAsync(Guid userId, IReadOnlyList<IntakeRemoval> removals, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(RemoveManySql, new
        {
            UserId = userId,
            Sources = removals.Select(removal => removal.Source).ToArray(),
            ContainerIds = removals.Select(removal => removal.ContainerId).ToArray(),
            ExternalIds = removals.Select(removal => removal.ExternalId).ToArray(),
        }, cancellationToken: cancellationToken));
    }

    /// <summary>Applies a change seen at the vendor: "applied", "kept" (not applied: see the SQL) or "missing".</summary>
    public async Task<string> ApplyVendorChangeAsync(VendorChange change, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string>(new CommandDefinition(ApplyVendorChangeSql, change, cancellationToken: cancellationToken))
            ?? "missing";
    }

    /// <summary>The person's tasks from <paramref name="source"/>, each with whether it is done here.</summary>
    public async Task<IReadOnlyList<KnownTask>> ListKnownAsync(
        Guid userId, string source, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<KnownTask>(new CommandDefinition(
            ListKnownSql, new { UserId = userId, Source = source }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Sets the task's status and inserts its sync job; null when the caller has no such task.</summary>
    public async Task<SyncJobRecord?> RecordChangeAsync(StatusChange change, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SyncJobRecord>(
            new CommandDefinition(RecordChangeSql, change, cancellationToken: cancellationToken));
    }
}

/// <summary>A task's state as its vendor's change feed reports it; <paramref name="Status"/> in our words.</summary>
public sealed record VendorChange(
    Guid UserId, string Source, string Kind, string? ContainerId, string ExternalId, string? Title, string Status,
    string? VendorStatus, DateTimeOffset? ModifiedAt);

/// <summary>A task as the aggregation service brings it in; <paramref name="VendorStatus"/> is what it read there.</summary>
public sealed record NewTask(
    Guid UserId, string Source, string Kind, string ExternalId, string? ExternalContainerId, string Title, string Status,
    string? VendorStatus = null);

/// <summary>A requested change. Force writes it even over a change made at the source (the user's \"push ours\").</summary>
public sealed record StatusChange(
    Guid SyncJobId, Guid TaskId, string Subject, string Action, string TargetStatus, string? IdempotencyKey, string? ClientAddress = null, bool Force = false)
{
    /// <summary>The Hangfire job that carries this change, enqueued in the same transaction.</summary>
    public string? HangfireJobId { get; init; }

    /// <summary>How many provider calls the retry policy allows this change (the first and every retry).</summary>
    public int MaxAttempts { get; init; }
}
