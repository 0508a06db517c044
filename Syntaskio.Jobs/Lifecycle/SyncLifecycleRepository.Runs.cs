using System.Text.Json;
using Dapper;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Providers;

namespace Syntaskio.Jobs.Lifecycle;

/// <summary>
/// A worker's transitions: the claim (or supersession), a failed call's attempt, and the confirmation.
/// </summary>
public sealed partial class SyncLifecycleRepository
{
    private static readonly JsonSerializerOptions ResultJson = new(JsonSerializerDefaults.Web);

    // One call of db/functions/claim_sync_job.sql. Each part of the row is named as the class it fills reads it; the
    // id columns and consecutive_failures split it.
    internal const string ClaimSql = """
        SELECT outcome, id, user_id, source, target_status, restore_state, expected_vendor_status, attempts, created_at,
               due_at, deferred_since, kind, external_id, external_container_id,
               connection_id AS id, connection_base_url AS base_url, connection_credentials AS encrypted_credentials,
               connection_status AS status,
               circuit_failures AS consecutive_failures, circuit_open_until AS open_until,
               circuit_hold_until AS hold_until
        FROM claim_sync_job(@Id, @LeaseSeconds, @Reclaim, @From)
        """;

    // The attempt row and the job's attempt count change together; a write whose outcome is unknown leaves its task's
    // source state unknown too, until a read or a confirmed write says what the source holds.
    internal const string RecordFailedAttemptSql = """
        WITH recorded AS (
            INSERT INTO sync_attempts (sync_job_id, attempt, started_at, duration_ms, outcome, http_status, error)
            VALUES (@SyncJobId, @Attempt, @StartedAt, @DurationMs, @Outcome, @HttpStatus, @Error)
            RETURNING sync_job_id),
        counted AS (
            UPDATE sync_jobs SET attempts = attempts + 1 FROM recorded
            WHERE sync_jobs.id = recorded.sync_job_id AND sync_jobs.status = ANY(@From)
            RETURNING sync_jobs.task_id),
        unknown AS (
            UPDATE tasks SET outcome_unknown = true FROM counted
            WHERE tasks.id = counted.task_id AND @Outcome = 'unknown_outcome')
        SELECT COUNT(*) FROM counted
        """;

    // A confirmed write is what we last saw at the vendor whichever change it was; the task's status moves only
    // when the job is still the task's latest change. The successful call's attempt is recorded in the same statement.
    internal const string MarkCompletedSql = """
        WITH recorded AS (
            INSERT INTO sync_attempts (sync_job_id, attempt, started_at, duration_ms, outcome)
            VALUES (@SyncJobId, @Attempt, @StartedAt, @DurationMs, @Outcome)),
        done AS (
            UPDATE sync_jobs SET status = 'completed', error = NULL, processed_at = NOW(), updated_at = NOW(),
                attempts = attempts + 1, deferred_since = NULL, provider_result = @Result::jsonb,
                original_data = CASE WHEN @PriorState::jsonb IS NULL THEN original_data
                                     ELSE COALESCE(original_data, '{}') || jsonb_build_object('vendorBefore',
                                         @PriorState::jsonb) END
            WHERE id = @SyncJobId AND status = ANY(@From)
            RETURNING task_id, target_status, task_version),
        moved AS (
            UPDATE tasks SET vendor_status = @VendorStatus, updated_at = NOW(),
                vendor_modified_at = COALESCE(@VendorModifiedAt, tasks.vendor_modified_at),
                confirmed_status = CASE WHEN @Done THEN 'completed' ELSE COALESCE(@Status, done.target_status) END,
                status = CASE WHEN tasks.version = done.task_version THEN COALESCE(@Status, done.target_status)
                              ELSE tasks.status END,
                outcome_unknown = tasks.outcome_unknown AND tasks.version <> done.task_version
            FROM done
            WHERE tasks.id = done.task_id)
        SELECT COUNT(*) FROM done
        """;

    /// <summary>
    /// Decides whether this job writes now. <paramref name="lease"/> is how long a "processing" job counts as in
    /// flight (a crashed worker's job stops blocking after that); <paramref name="reclaim"/> is true when the
    /// caller's own run claimed it already and starts over (after the database was away).
    /// </summary>
    public async Task<SyncClaim> ClaimAsync(Guid id, TimeSpan lease, bool reclaim, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var command = new CommandDefinition(
            ClaimSql,
            new
            {
                Id = id,
                LeaseSeconds = lease.TotalSeconds,
                Reclaim = reclaim,
                From = SyncLifecycle.FromNames(SyncTrigger.Claimed),
            },
            cancellationToken: cancellationToken
        );
        var claims = await connection.QueryAsync<
            ClaimOutcome,
            SyncWorkItem?,
            StoredConnection?,
            CircuitState?,
            SyncClaim
        >(
            command,
            (outcome, work, stored, circuit) =>
                outcome.Outcome switch
                {
                    "claimed" => new SyncClaim(SyncClaimOutcome.Claimed, work, stored, circuit),
                    "superseded" => new SyncClaim(SyncClaimOutcome.Superseded),
                    "busy" => new SyncClaim(SyncClaimOutcome.TaskBusy),
                    _ => new SyncClaim(SyncClaimOutcome.Done),
                },
            splitOn: "id,id,consecutive_failures"
        );
        return claims.Single();
    }

    /// <summary>A failed vendor call: its attempt, and the job's count of calls.</summary>
    public async Task RecordFailedAttemptAsync(SyncAttempt attempt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var counted = await connection.ExecuteScalarAsync<long>(
            new CommandDefinition(
                RecordFailedAttemptSql,
                new
                {
                    attempt.SyncJobId,
                    attempt.Attempt,
                    attempt.StartedAt,
                    attempt.DurationMs,
                    attempt.Outcome,
                    attempt.HttpStatus,
                    attempt.Error,
                    From = SyncLifecycle.FromNames(SyncTrigger.AttemptFailed),
                },
                cancellationToken: cancellationToken
            )
        );
        if (counted == 0)
            LogRefused(attempt.SyncJobId, SyncTrigger.AttemptFailed);
    }

    /// <summary>The job's write was confirmed by <paramref name="attempt"/>, the provider call that made it.</summary>
    public async Task MarkCompletedAsync(
        SyncAttempt attempt,
        ProviderWriteResult result,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var completed = await connection.ExecuteScalarAsync<long>(
            new CommandDefinition(
                MarkCompletedSql,
                new
                {
                    attempt.SyncJobId,
                    attempt.Attempt,
                    attempt.StartedAt,
                    attempt.DurationMs,
                    attempt.Outcome,
                    Result = JsonSerializer.Serialize(
                        new
                        {
                            result.VendorStatus,
                            result.Done,
                            result.Detail,
                        },
                        ResultJson
                    ),
                    result.PriorState,
                    result.VendorStatus,
                    result.Done,
                    result.VendorModifiedAt,
                    Status = result.Status?.ToName(),
                    From = SyncLifecycle.FromNames(SyncTrigger.Confirmed),
                },
                cancellationToken: cancellationToken
            )
        );
        if (completed == 0)
            LogRefused(attempt.SyncJobId, SyncTrigger.Confirmed);
    }

    private sealed class ClaimOutcome
    {
        public string Outcome { get; init; } = "";
    }
}
