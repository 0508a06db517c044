using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using Syntaskio.Jobs.Lifecycle;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Integration;

/// <summary>
/// Every query the live pipeline, the API or retention runs over the tables that grow with history finds its rows by
/// an index. With sequential scans priced out (enable_seqscan = off) PostgreSQL still plans one where no index can
/// serve the query, so a plan with a "Seq Scan" on a growing table means a missing index, whatever the table's size.
/// </summary>
public sealed class HotQueryPlanTests
{
    private static readonly string[] GrowingTables =
    [
        "sync_jobs",
        "sync_attempts",
        "sync_events",
        "audit_log",
        "tasks",
    ];

    // One value for every parameter name the queries use; Dapper sends each query only the ones it names.
    private static readonly object Parameters = new
    {
        Id = Guid.NewGuid(),
        SyncJobId = Guid.NewGuid(),
        TaskId = Guid.NewGuid(),
        UserId = Guid.NewGuid(),
        Subject = "someone",
        Status = "completed",
        Limit = 50,
        Key = "key",
        Cutoff = DateTime.UtcNow,
        Batch = 1000,
        Attempt = 1,
        StartedAt = DateTime.UtcNow,
        DurationMs = 10,
        Outcome = "succeeded",
        HttpStatus = (int?)null,
        Error = "error",
        Result = "{}",
        PriorState = (string?)null,
        VendorStatus = "completed",
        Done = true,
        FailureKind = "permanent",
        VendorDone = (bool?)null,
        ScheduledAt = DateTime.UtcNow,
        Deferred = false,
        Resolution = "kept-source",
        Tx = "0",
        Action = "complete",
        TargetStatus = "completed",
        IdempotencyKey = "key",
        ClientAddress = "127.0.0.1",
        Force = false,
        HangfireJobId = "1",
        MaxAttempts = 6,
        Actor = "support",
        HangfireJobIds = new[] { "1" },
        VendorModifiedAt = (DateTimeOffset?)null,
        ModifiedAt = (DateTimeOffset?)DateTimeOffset.UtcNow,
        Source = "microsoft",
        Provider = "microsoft",
        Kind = "todo_task",
        ContainerId = "list",
        ExternalId = "task",
        Title = "title",
        From = new[] { "pending", "processing", "failed" },
    };

    private static IEnumerable<TestCaseData> HotQueries()
    {
        TestCaseData Query(string name, string sql, object? parameters = null) =>
            new TestCaseData(sql, parameters ?? Parameters).SetArgDisplayNames(name);
        var eventPosition = new
        {
            Subject = "someone",
            Tx = "0",
            Id = 0L,
            Limit = 50,
        };
        yield return Query("tasks: list for user", TaskReader.ListForUserSql);
        yield return Query("tasks: record a change", SyncLifecycleRepository.RecordChangeSql);
        yield return Query("tasks: apply a vendor change", SyncLifecycleRepository.ApplyVendorChangeSql);
        yield return Query("tasks: a connection's tasks (a feed)", TaskReader.ListKnownSql);
        yield return Query("sync jobs: list for user", SyncJobRepository.ListForUserSql);
        yield return Query("sync jobs: find by idempotency key", SyncJobRepository.FindByIdempotencyKeySql);
        yield return Query("sync jobs: find for user", SyncJobRepository.FindForUserSql);
        yield return Query("sync jobs: mark completed", SyncLifecycleRepository.MarkCompletedSql);
        yield return Query("sync jobs: mark failed", SyncLifecycleRepository.MarkFailedSql);
        yield return Query("sync jobs: mark retrying", SyncLifecycleRepository.MarkRetryingSql);
        yield return Query("sync jobs: mark requeued", SyncLifecycleRepository.MarkRequeuedSql);
        yield return Query("sync jobs: resolve a conflict", SyncLifecycleRepository.ResolveConflictSql);
        yield return Query("sync jobs: retention", SyncLifecycleRepository.DeleteSettledSql);
        yield return Query("attempts: record", SyncLifecycleRepository.RecordFailedAttemptSql);
        yield return Query("attempts: list for user", SyncAttemptRepository.ListForUserSql);
        yield return Query("events: read after", SyncEventRepository.ReadAfterSql, eventPosition);
        yield return Query("events: start a stream", SyncEventRepository.StartSql);
        yield return Query("events: resume a stream", SyncEventRepository.ResumeSql, eventPosition);
        yield return Query("events: retention", SyncLifecycleRepository.DeleteEventsOlderThanSql);
        yield return Query("events: a task list changed at a vendor", SyncLifecycleRepository.RecordTaskListChangedSql);
        yield return Query("audit: support action", AuditLogRepository.RecordSupportActionSql);
        yield return Query("audit: list for task", AuditLogRepository.ListForTaskSql);
        yield return Query("audit: retention", AuditLogRepository.DeleteOlderThanSql);
    }

    [TestCaseSource(nameof(HotQueries))]
    public async Task Plan_ReadsGrowingTablesByIndex_ForEveryHotQuery(string sql, object parameters)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync("SET enable_seqscan = off");

        var plan = string.Join('\n', await connection.QueryAsync<string>("EXPLAIN " + sql, parameters));

        var scans = GrowingTables
            .Where(table => Regex.IsMatch(plan, $@"Seq Scan on {table}(\s|$)", RegexOptions.Multiline))
            .ToList();
        Assert.That(scans, Is.Empty, plan);
    }
}
