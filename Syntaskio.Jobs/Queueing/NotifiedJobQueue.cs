using System.Data;
using System.Globalization;
using Dapper;
using Hangfire.PostgreSql;
using Hangfire.Storage;
using Npgsql;

namespace Syntaskio.Jobs.Queueing;

/// <summary>
/// Hangfire.PostgreSql's job queue, with the same table, fetch query and NOTIFY, but woken by one listener per process
/// (<see cref="QueueWakeUps"/>). The library's own long polling starts a listener per waiting worker on every fetch:
/// every enqueue woke all idle workers (about 16 fetch transactions per job at 50/s), and a worker could block for good
/// in its listener's cleanup, holding a fetched job invisible (docs/sync-pipeline.md, Hangfire tuned for seconds). A
/// job moved to the queue by a state change (a retry coming due, a requeue) is announced when that change commits, a
/// moment before its changer lets go of the job's state lock; a worker that asked for the lock in that moment would
/// sleep a whole second (the storage's lock retry), so the fetch waits for the lock to go first.
/// </summary>
public sealed class NotifiedJobQueue(
    PostgreSqlStorage storage,
    PostgreSqlStorageOptions options,
    NpgsqlDataSource dataSource,
    QueueWakeUps wakeUps
) : IPersistentJobQueue
{
    public const string Channel = "new_job";

    private static readonly TimeSpan DatabaseRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan StateLockPause = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan StateLockMaxWait = TimeSpan.FromSeconds(1);

    // The storage names a job's state lock "<schema>:job:<id>:state-lock" (NotifiedJobQueueTests checks the name).
    private readonly string stateLockHeldSql = $"""
        SELECT EXISTS (SELECT 1 FROM "{options.SchemaName}"."lock"
                       WHERE "resource" = '{options.SchemaName}:job:' || @JobId || ':state-lock')
        """;

    // Built once: every worker runs the fetch in its loop.
    private readonly string fetchSql = $"""
        UPDATE "{options.SchemaName}"."jobqueue" SET "fetchedat" = NOW()
        WHERE "id" = (
            SELECT "id" FROM "{options.SchemaName}"."jobqueue"
            WHERE "queue" = ANY (@Queues)
              AND ("fetchedat" IS NULL OR "fetchedat" < NOW() - make_interval(secs => @InvisibilitySeconds))
            ORDER BY "fetchedat" NULLS FIRST, "queue", "jobid"
            FOR UPDATE SKIP LOCKED
            LIMIT 1)
        RETURNING "id" AS "Id", "jobid" AS "JobId", "queue" AS "Queue", "fetchedat" AS "FetchedAt",
            EXISTS (SELECT 1 FROM "{options.SchemaName}"."lock"
                    WHERE "resource" = '{options.SchemaName}:job:' || "jobid" || ':state-lock') AS "StateLocked"
        """;

    // The job and its wake-up in one statement; a connection of the accept pool announces nothing in its transaction
    // (Scheduling.AcceptAnnouncer does, once the change has committed).
    private readonly string enqueueSql = $"""
        WITH queued AS (
            INSERT INTO "{options.SchemaName}"."jobqueue" ("jobid", "queue") VALUES (@JobId, @Queue) RETURNING 1)
        SELECT pg_notify('{Channel}', '') FROM queued
        WHERE current_setting('syntaskio.announce', true) IS DISTINCT FROM 'after_commit'
        """;

    public IFetchedJob Dequeue(string[] queues, CancellationToken cancellationToken)
    {
        var parameters = new { Queues = queues, InvisibilitySeconds = options.InvisibilityTimeout.TotalSeconds };
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            FetchedRow? row;
            try
            {
                using var connection = dataSource.OpenConnection();
                row = connection.QuerySingleOrDefault<FetchedRow>(fetchSql, parameters);
            }
            catch (NpgsqlException)
            {
                // The database is away (restarting): keep asking every DatabaseRetryDelay, here, rather than let
                // Hangfire's worker back off for many seconds, so work resumes as soon as it answers again.
                cancellationToken.WaitHandle.WaitOne(DatabaseRetryDelay);
                continue;
            }
            if (row is not null)
            {
                wakeUps.WakeOne();
                if (row.StateLocked)
                    WaitForStateLock(row.JobId, cancellationToken);
                return new PostgreSqlFetchedJob(
                    storage,
                    row.Id,
                    row.JobId.ToString(CultureInfo.InvariantCulture),
                    row.Queue,
                    row.FetchedAt
                );
            }
            wakeUps.Wait(Timeout.InfiniteTimeSpan, cancellationToken);
        }
    }

    private void WaitForStateLock(long jobId, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < StateLockMaxWait && !cancellationToken.WaitHandle.WaitOne(StateLockPause))
        {
            try
            {
                using var connection = dataSource.OpenConnection();
                if (!connection.ExecuteScalar<bool>(stateLockHeldSql, new { JobId = jobId }))
                    return;
            }
            catch (NpgsqlException)
            {
                // The worker's own state change meets the same outage and is retried by Hangfire.
                return;
            }
        }
    }

    public void Enqueue(IDbConnection connection, string queue, string jobId)
    {
        connection.Execute(enqueueSql, new { JobId = long.Parse(jobId, CultureInfo.InvariantCulture), Queue = queue });
    }

    private sealed class FetchedRow
    {
        public long Id { get; init; }
        public long JobId { get; init; }
        public string Queue { get; init; } = "";
        public DateTime FetchedAt { get; init; }
        public bool StateLocked { get; init; }
    }
}
