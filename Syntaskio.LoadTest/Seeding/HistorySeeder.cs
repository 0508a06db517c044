using System.Data;
using System.Diagnostics;
using Dapper;
using Npgsql;

namespace Syntaskio.LoadTest.Seeding;

/// <summary>
/// A month of past syncs for the bench's history step: other people's completed To Do syncs, each with its attempt,
/// its event and its audit row, written by PostgreSQL itself (generate_series) in one statement, then vacuumed and
/// analysed as autovacuum would leave them, and checkpointed. All younger than 30 days, so retention keeps them.
/// </summary>
public static class HistorySeeder
{
    private const int TasksPerUser = 10;
    private const int SyncsPerTask = 100;

    // Triggers are off for this session (session_replication_role): the events they would write are written here.
    // The LATERAL names v, so each sync draws its own moment.
    private const string SeedSql = """
        SET session_replication_role = replica;
        WITH people AS (
            INSERT INTO users (external_id) SELECT 'history-' || n FROM generate_series(1, @Users) n
            RETURNING id, external_id),
        past_tasks AS (
            INSERT INTO tasks (user_id, source, kind, external_id, title, status, confirmed_status, vendor_status,
                               version)
            SELECT p.id, 'microsoft', 'todo_task', p.external_id || '/' || n, 'Past task ' || n, 'completed',
                   'completed', 'completed', @SyncsPerTask
            FROM people p, generate_series(1, @TasksPerUser) n
            RETURNING id, user_id),
        jobs AS (
            INSERT INTO sync_jobs (task_id, user_id, source, action, target_status, original_data, attempts, status,
                                   scheduled_at, processed_at, created_at, updated_at, task_version, provider_result)
            SELECT t.id, t.user_id, 'microsoft', 'complete', 'completed', '{"status": "pending"}', 1, 'completed',
                   at, at + INTERVAL '200 milliseconds', at, at + INTERVAL '200 milliseconds', v,
                   '{"vendorStatus": "completed", "done": true}'
            FROM past_tasks t, generate_series(1, @SyncsPerTask) v,
                 LATERAL (SELECT NOW() - INTERVAL '29 days' * random() AS at WHERE v > 0) moment
            RETURNING id, task_id, user_id, created_at),
        attempts AS (
            INSERT INTO sync_attempts (sync_job_id, attempt, started_at, duration_ms, outcome)
            SELECT id, 1, created_at, 150, 'succeeded' FROM jobs),
        events AS (
            INSERT INTO sync_events (user_id, task_id, sync_job_id, type, task_status, attempt, created_at)
            SELECT user_id, task_id, id, 'sync.completed', 'completed', 1, created_at FROM jobs)
        INSERT INTO audit_log (at, actor, action, task_id, sync_job_id, from_status, to_status, outcome)
        SELECT created_at, 'history', 'change.complete', task_id, id, 'pending', 'completed', 'accepted' FROM jobs;
        SET session_replication_role = origin;
        """;

    private static readonly string[] Tables =
    [
        "users",
        "tasks",
        "sync_jobs",
        "sync_attempts",
        "sync_events",
        "audit_log",
    ];

    /// <summary>Seeds about <paramref name="syncs"/> past syncs; returns how long it took.</summary>
    public static async Task<TimeSpan> SeedAsync(string connectionString, int syncs)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var users = Math.Max(1, syncs / (TasksPerUser * SyncsPerTask));
        await connection.ExecuteAsync(
            new CommandDefinition(
                SeedSql,
                new
                {
                    Users = users,
                    TasksPerUser,
                    SyncsPerTask,
                },
                commandTimeout: 3600
            )
        );
        foreach (var table in Tables)
            await connection.ExecuteAsync(new CommandDefinition($"VACUUM (ANALYZE) {table}", commandTimeout: 3600));
        // The seed leaves about 2.5 GB of pages to write: without this the checkpointer writes them during the
        // rate search that follows, and every commit's WAL flush waits behind them. A database that gained its
        // history over a month wrote it long ago.
        await connection.ExecuteAsync(
            new CommandDefinition("CHECKPOINT", commandTimeout: 3600, commandType: CommandType.Text)
        );
        return clock.Elapsed;
    }
}
