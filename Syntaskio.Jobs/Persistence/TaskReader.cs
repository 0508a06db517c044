using Dapper;
using Npgsql;
using Syntaskio.Providers.Inbound;

namespace Syntaskio.Jobs.Persistence;

/// <summary>tasks, read: what the API shows a person, and what a vendor's change feed needs to know.</summary>
public sealed class TaskReader(NpgsqlDataSource dataSource)
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
            SELECT j.id, j.status, j.error, j.updated_at, j.attempts, j.failure_kind, j.resolution, j.scheduled_at
                FROM sync_jobs j
            WHERE j.task_id = t.id ORDER BY j.task_version DESC LIMIT 1) s ON TRUE
        WHERE u.external_id = @Subject
        ORDER BY t.source, t.title, t.id
        """;

    internal const string ListKnownSql = """
        SELECT kind, external_container_id AS ContainerId, external_id AS ExternalId, status = 'completed' AS Done
        FROM tasks WHERE user_id = @UserId AND source = @Source
        """;

    // Only once no change of ours is in flight for the task: until then that job's own read settles it.
    internal const string ListUnconfirmedSql = """
        SELECT t.kind, t.external_container_id AS ContainerId, t.external_id AS ExternalId,
               t.status = 'completed' AS Done
        FROM tasks t
        WHERE t.user_id = @UserId AND t.source = @Source AND t.outcome_unknown
          AND NOT EXISTS (SELECT 1 FROM sync_jobs j WHERE j.task_id = t.id AND j.status IN ('pending', 'processing'))
        """;

    private const string FindOriginSql = """
        SELECT t.source, t.kind FROM tasks t JOIN users u ON u.id = t.user_id
        WHERE t.id = @TaskId AND u.external_id = @Subject
        """;

    public async Task<IReadOnlyList<TaskRecord>> ListForUserAsync(string subject, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<TaskRecord>(
            new CommandDefinition(ListForUserSql, new { Subject = subject }, cancellationToken: cancellationToken)
        );
        return rows.AsList();
    }

    /// <summary>Where the caller's task comes from, or null when the caller has no such task.</summary>
    public async Task<TaskOrigin?> FindOriginAsync(string subject, Guid taskId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TaskOrigin>(
            new CommandDefinition(
                FindOriginSql,
                new { Subject = subject, TaskId = taskId },
                cancellationToken: cancellationToken
            )
        );
    }

    /// <summary>The person's tasks from <paramref name="source"/>, each with whether it is done here.</summary>
    public Task<IReadOnlyList<KnownTask>> ListKnownAsync(
        Guid userId,
        string source,
        CancellationToken cancellationToken
    ) => ListAsync(ListKnownSql, userId, source, cancellationToken);

    /// <summary>
    /// The person's tasks from <paramref name="source"/> whose last write's outcome was never learned and that no
    /// change of ours is still trying to settle.
    /// </summary>
    public Task<IReadOnlyList<KnownTask>> ListUnconfirmedAsync(
        Guid userId,
        string source,
        CancellationToken cancellationToken
    ) => ListAsync(ListUnconfirmedSql, userId, source, cancellationToken);

    private async Task<IReadOnlyList<KnownTask>> ListAsync(
        string sql,
        Guid userId,
        string source,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var command = new CommandDefinition(
            sql,
            new { UserId = userId, Source = source },
            cancellationToken: cancellationToken
        );
        return (await connection.QueryAsync<KnownTask>(command)).AsList();
    }
}
