using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// sync_events, written by the sync_jobs trigger (db/0005) and read here: a user's events after the last one a
/// client saw, the id a new stream starts after, and retention.
/// </summary>
public sealed class SyncEventRepository(NpgsqlDataSource dataSource)
{
    /// <summary>The channel the trigger NOTIFYs; the payload is the user's subject (users.external_id).</summary>
    public const string Channel = "sync_events";

    private const string ReadAfterSql = """
        SELECT e.id, e.task_id, e.sync_job_id, e.type, e.task_status, e.attempt, e.next_attempt_at, e.error, e.created_at
        FROM sync_events e JOIN users u ON u.id = e.user_id
        WHERE u.external_id = @Subject AND e.id > @After
        ORDER BY e.id
        LIMIT @Limit
        """;

    private const string LatestIdSql = """
        SELECT COALESCE(max(e.id), 0) FROM sync_events e JOIN users u ON u.id = e.user_id WHERE u.external_id = @Subject
        """;

    private const string DeleteOlderThanSql = "DELETE FROM sync_events WHERE created_at < @Cutoff";

    public async Task<IReadOnlyList<SyncEventRecord>> ReadAfterAsync(string subject, long after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SyncEventRecord>(new CommandDefinition(
            ReadAfterSql, new { Subject = subject, After = after, Limit = limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<long> LatestIdAsync(string subject, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(LatestIdSql, new { Subject = subject }, cancellationToken: cancellationToken));
    }

    public async Task<int> DeleteOlderThanAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(DeleteOlderThanSql, new { Cutoff = cutoff }, cancellationToken: cancellationToken));
    }
}
