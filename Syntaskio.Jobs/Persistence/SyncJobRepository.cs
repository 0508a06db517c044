using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// sync_jobs, read: a caller's jobs, and what support sees of one. Its state changes are
/// Lifecycle.SyncLifecycleRepository's alone.
/// </summary>
public sealed class SyncJobRepository(NpgsqlDataSource dataSource)
{
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

    public async Task<SyncJobRecord?> FindByIdempotencyKeyAsync(
        string subject,
        string key,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SyncJobRecord>(
            new CommandDefinition(
                FindByIdempotencyKeySql,
                new { Subject = subject, Key = key },
                cancellationToken: cancellationToken
            )
        );
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
            new CommandDefinition(
                FindForUserSql,
                new { Id = id, Subject = subject },
                cancellationToken: cancellationToken
            )
        );
    }

    public async Task<IReadOnlyList<SyncJobRecord>> ListForUserAsync(
        string subject,
        string? status,
        int limit,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SyncJobRecord>(
            new CommandDefinition(
                ListForUserSql,
                new
                {
                    Subject = subject,
                    Status = status,
                    Limit = limit,
                },
                cancellationToken: cancellationToken
            )
        );
        return rows.AsList();
    }
}
