using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// sync_events, read: a user's events after the last one a client saw, and where a new stream starts. Events are
/// written only by db/functions/emit_sync_event.sql, for Lifecycle.SyncLifecycleRepository's writes.
/// </summary>
/// <remarks>
/// Events are read in (tx, id) order, and an event counts as settled only when every transaction older than its
/// own has ended (sync_events.tx, db/0008): nothing can later commit before a settled event, so a stream never skips
/// one.
/// </remarks>
public sealed class SyncEventRepository(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// The channel emit_sync_event NOTIFYs (the one name both sides use); the payload is the user's subject.
    /// </summary>
    public const string Channel = "sync_events";

    /// <summary>Tasks were added or removed at a vendor: the page reads the list again. No task or job.</summary>
    public const string TaskListChanged = "task.list_changed";

    internal const string ReadAfterSql = """
        SELECT e.id, e.tx::text AS tx, e.task_id, e.sync_job_id, e.type, e.task_status, e.attempt, e.next_attempt_at,
               e.error, e.created_at, e.provider, e.vendor_status,
               e.tx < (SELECT pg_snapshot_xmin(pg_current_snapshot())) AS settled
        FROM sync_events e JOIN users u ON u.id = e.user_id
        WHERE u.external_id = @Subject AND (e.tx, e.id) > (@Tx::xid8, @Id)
        ORDER BY e.tx, e.id
        LIMIT @Limit
        """;

    // A new stream starts after every settled event: events of transactions still open may follow "ready".
    internal const string StartSql = """
        SELECT (SELECT pg_snapshot_xmin(pg_current_snapshot()))::text AS tx, 0::bigint AS id,
               (SELECT COALESCE(max(e.id), 0) FROM sync_events e JOIN users u ON u.id = e.user_id
                WHERE u.external_id = @Subject) AS latestid
        """;

    // A client resumes after the event it saw last; if retention removed it, after the newest one at or below it.
    internal const string ResumeSql = """
        SELECT COALESCE(
            (SELECT e.tx FROM sync_events e JOIN users u ON u.id = e.user_id
             WHERE u.external_id = @Subject AND e.id <= @Id ORDER BY e.id DESC LIMIT 1), '0'::xid8)::text AS tx,
            @Id AS id, @Id AS latestid
        """;

    public async Task<IReadOnlyList<SyncEventRecord>> ReadAfterAsync(
        string subject,
        SyncEventPosition after,
        int limit,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SyncEventRecord>(
            new CommandDefinition(
                ReadAfterSql,
                new
                {
                    Subject = subject,
                    after.Tx,
                    after.Id,
                    Limit = limit,
                },
                cancellationToken: cancellationToken
            )
        );
        return rows.AsList();
    }

    /// <summary>Where a stream starts: after <paramref name="lastEventId"/>, or now when there is none.</summary>
    public async Task<SyncEventPosition> StartAsync(
        string subject,
        long? lastEventId,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<SyncEventPosition>(
            new CommandDefinition(
                lastEventId is null ? StartSql : ResumeSql,
                new { Subject = subject, Id = lastEventId ?? 0 },
                cancellationToken: cancellationToken
            )
        );
    }
}

/// <summary>
/// A stream's place in the event log: the (transaction, id) of the last event sent. <see cref="LatestId"/> is the
/// newest event id at the start, which the "ready" event reports.
/// </summary>
public sealed record SyncEventPosition(string Tx, long Id, long LatestId)
{
    public SyncEventPosition After(SyncEventRecord record) => this with { Tx = record.Tx, Id = record.Id };
}
