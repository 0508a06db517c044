using Dapper;
using Npgsql;
using Syntaskio.Jobs.Intake;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// tasks, as rows: the person's tasks as the task aggregation service hands them in, added, refreshed and removed.
/// The status columns of a task that exists are the sync lifecycle's (Lifecycle.SyncLifecycleRepository); intake
/// sets them only to what it read at the vendor, and never while a change is in flight.
/// </summary>
public sealed class TaskCatalogue(NpgsqlDataSource dataSource)
{
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
                AND COALESCE(t.external_container_id, '') = COALESCE(i.container_id, '') AND t.external_id =
                    i.external_id),
        updated AS (
            UPDATE tasks t SET title = e.title, updated_at = NOW(),
                status = CASE WHEN e.busy THEN t.status ELSE e.status END,
                confirmed_status = CASE WHEN e.busy THEN t.confirmed_status ELSE e.status END,
                vendor_status = CASE WHEN e.busy THEN t.vendor_status ELSE e.vendor_status END
            FROM existing e
            WHERE t.id = e.id AND (t.title IS DISTINCT FROM e.title OR (NOT e.busy
                AND (t.status, t.confirmed_status, t.vendor_status) IS DISTINCT FROM (e.status, e.status,
                    e.vendor_status)))
            RETURNING t.id),
        created AS (
            INSERT INTO tasks (user_id, source, kind, external_container_id, external_id, title, status,
                confirmed_status,
                               vendor_status)
            SELECT @UserId, i.source, i.kind, i.container_id, i.external_id, i.title, i.status, i.status,
                i.vendor_status
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

    /// <summary>Adds a task (or refreshes its title and status) as the aggregation service would.</summary>
    public async Task<Guid> UpsertAsync(NewTask task, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<Guid>(
            new CommandDefinition(UpsertSql, task, cancellationToken: cancellationToken)
        );
    }

    /// <summary>The aggregation service's tasks for one user: how many were created and how many changed.</summary>
    public async Task<(int Created, int Updated)> UpsertManyAsync(
        Guid userId,
        IReadOnlyList<IntakeTask> tasks,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var counts = await connection.QuerySingleAsync<(int Created, int Updated)>(
            new CommandDefinition(
                UpsertManySql,
                new
                {
                    UserId = userId,
                    Sources = tasks.Select(task => task.Source).ToArray(),
                    Kinds = tasks.Select(task => task.Kind).ToArray(),
                    ContainerIds = tasks.Select(task => task.ContainerId).ToArray(),
                    ExternalIds = tasks.Select(task => task.ExternalId).ToArray(),
                    Titles = tasks.Select(task => task.Title).ToArray(),
                    Statuses = tasks.Select(task => task.Status).ToArray(),
                    VendorStatuses = tasks.Select(task => task.VendorStatus).ToArray(),
                },
                cancellationToken: cancellationToken
            )
        );
        return counts;
    }

    /// <summary>Deletes the user's tasks that are gone at their vendor (their sync history goes with them).</summary>
    public async Task<int> RemoveManyAsync(
        Guid userId,
        IReadOnlyList<IntakeRemoval> removals,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(
            new CommandDefinition(
                RemoveManySql,
                new
                {
                    UserId = userId,
                    Sources = removals.Select(removal => removal.Source).ToArray(),
                    ContainerIds = removals.Select(removal => removal.ContainerId).ToArray(),
                    ExternalIds = removals.Select(removal => removal.ExternalId).ToArray(),
                },
                cancellationToken: cancellationToken
            )
        );
    }
}

/// <summary>
/// A task as the aggregation service brings it in; <paramref name="VendorStatus"/> is what it read there.
/// </summary>
public sealed record NewTask(
    Guid UserId,
    string Source,
    string Kind,
    string ExternalId,
    string? ExternalContainerId,
    string Title,
    string Status,
    string? VendorStatus = null
);
