using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>sync_attempts: one row per provider call, the audit trail of a sync job.</summary>
public sealed class SyncAttemptRepository(NpgsqlDataSource dataSource)
{
    private const string InsertSql = """
        INSERT INTO sync_attempts (sync_job_id, attempt, started_at, duration_ms, outcome, http_status, error)
        VALUES (@SyncJobId, @Attempt, @StartedAt, @DurationMs, @Outcome, @HttpStatus, @Error)
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
