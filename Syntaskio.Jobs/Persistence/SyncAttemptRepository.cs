using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// sync_attempts, read: one row per provider call, the audit trail of a sync job (written by
/// Lifecycle.SyncLifecycleRepository).
/// </summary>
public sealed class SyncAttemptRepository(NpgsqlDataSource dataSource)
{
    // nextAttemptAt: when the following attempt started, or for the last one, when the pending job will try again.
    internal const string ListForUserSql = """
        SELECT a.attempt, a.started_at, a.duration_ms, a.outcome, a.http_status, a.error,
               COALESCE(LEAD(a.started_at) OVER (ORDER BY a.attempt),
                        CASE WHEN j.status = 'pending' AND a.attempt = j.attempts THEN j.scheduled_at END) AS
                            next_attempt_at
        FROM sync_attempts a
        JOIN sync_jobs j ON j.id = a.sync_job_id
        JOIN users u ON u.id = j.user_id
        WHERE a.sync_job_id = @SyncJobId AND u.external_id = @Subject
        ORDER BY a.attempt
        """;

    internal const string ListForJobSql = """
        SELECT attempt, started_at, duration_ms, outcome, http_status, error FROM sync_attempts
        WHERE sync_job_id = @SyncJobId ORDER BY attempt
        """;

    /// <summary>A job's attempts for the support dashboard. Blocking: Hangfire renders pages synchronously.</summary>
    public IReadOnlyList<SyncAttemptRecord> ListForJob(Guid syncJobId)
    {
        using var connection = dataSource.OpenConnection();
        return connection.Query<SyncAttemptRecord>(ListForJobSql, new { SyncJobId = syncJobId }).AsList();
    }

    public async Task<IReadOnlyList<SyncAttemptRecord>> ListForUserAsync(
        Guid syncJobId,
        string subject,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SyncAttemptRecord>(
            new CommandDefinition(
                ListForUserSql,
                new { SyncJobId = syncJobId, Subject = subject },
                cancellationToken: cancellationToken
            )
        );
        return rows.AsList();
    }
}

public sealed record SyncAttempt(
    Guid SyncJobId,
    int Attempt,
    DateTime StartedAt,
    int DurationMs,
    string Outcome,
    int? HttpStatus,
    string? Error
)
{
    public const string Succeeded = "succeeded";
    public const string RetryableError = "retryable_error";
    public const string PermanentError = "permanent_error";

    /// <summary>A write went out and no answer (or no check of it) came back: the vendor may hold the change.</summary>
    public const string UnknownOutcome = "unknown_outcome";
}

/// <summary>One sync_attempts row as the attempts API shows it.</summary>
public sealed class SyncAttemptRecord
{
    public int Attempt { get; init; }
    public DateTime StartedAt { get; init; }
    public int DurationMs { get; init; }
    public string Outcome { get; init; } = "";
    public int? HttpStatus { get; init; }
    public string? Error { get; init; }
    public DateTime? NextAttemptAt { get; init; }
}
