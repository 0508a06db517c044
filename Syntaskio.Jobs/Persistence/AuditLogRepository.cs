using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// audit_log. Status changes and attempts are audited by the sync lifecycle (Lifecycle.SyncLifecycleRepository, and
/// db/functions/audit_sync_attempt.sql) in their own transactions; this class records support actions, reads a
/// task's trail for support, and applies retention.
/// </summary>
public sealed class AuditLogRepository(NpgsqlDataSource dataSource)
{
    // A dashboard action names Hangfire job ids; the row names our sync job and task where it is one of ours.
    internal const string RecordSupportActionSql = """
        INSERT INTO audit_log (actor, action, task_id, sync_job_id, client_address, outcome, detail)
        SELECT @Actor, @Action, j.task_id, j.id, @ClientAddress, @Outcome, 'hangfire job ' || h.id
        FROM unnest(@HangfireJobIds::text[]) AS h(id) LEFT JOIN sync_jobs j ON j.hangfire_job_id = h.id
        """;

    internal const string ListForTaskSql = """
        SELECT id, at, actor, action, task_id, sync_job_id, from_status, to_status, idempotency_key, client_address,
            outcome, detail
        FROM audit_log WHERE task_id = @TaskId ORDER BY id DESC LIMIT @Limit
        """;

    private const int DeleteBatchSize = 5000;

    internal const string DeleteOlderThanSql = """
        DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < @Cutoff LIMIT @Batch)
        """;

    public async Task RecordSupportActionAsync(
        string actor,
        string action,
        IReadOnlyList<string> hangfireJobIds,
        string? clientAddress,
        string outcome,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            new CommandDefinition(
                RecordSupportActionSql,
                new
                {
                    Actor = actor,
                    Action = action,
                    HangfireJobIds = hangfireJobIds.ToArray(),
                    ClientAddress = clientAddress,
                    Outcome = outcome,
                },
                cancellationToken: cancellationToken
            )
        );
    }

    public async Task<IReadOnlyList<AuditEntry>> ListForTaskAsync(
        Guid taskId,
        int limit,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditEntry>(
            new CommandDefinition(
                ListForTaskSql,
                new { TaskId = taskId, Limit = limit },
                cancellationToken: cancellationToken
            )
        );
        return rows.AsList();
    }

    /// <summary>Deletes in batches, so no lock is held long over a table every change writes to.</summary>
    public Task<int> DeleteOlderThanAsync(DateTime cutoff, CancellationToken cancellationToken) =>
        BatchedDelete.RunAsync(dataSource, DeleteOlderThanSql, cutoff, DeleteBatchSize, cancellationToken);
}
