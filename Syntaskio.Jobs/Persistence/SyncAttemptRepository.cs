using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>sync_attempts: one row per provider call, the audit trail of a sync job.</summary>
public sealed class SyncAttemptRepository(NpgsqlDataSource dataSource)
{
    // The attempt row and the job's attempt count change together.
    private const string InsertSql = """
        WITH recorded AS (
            INSERT INTO sync_attempts (sync_job_id, attempt, started_at, duration_ms, outcome, http_status, error)
            VALUES (@SyncJobId, @Attempt, @StartedAt, @DurationMs, @Outcome, @HttpStatus, @Error)
            RETURNING sync_job_id)
        UPDATE sync_jobs SET attempts = attempts + 1 FROM recorded WHERE sync_jobs.id = recorded.sync_job_id
        """;

    public async Task RecordAsync(SyncAttempt attempt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, attempt, cancellationToken: cancellationToken));
    }
}

public sealed record SyncAttempt(
    Guid SyncJobId,
    int Attempt,
    DateTime StartedAt,
    int DurationMs,
    string Outcome,
    int? HttpStatus,
    string? Error)
{
    public const string Succeeded = "succeeded";
    public const string RetryableError = "retryable_error";
    public const string PermanentError = "permanent_error";
}
