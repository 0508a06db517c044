using Dapper;
using Npgsql;

namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// Claiming a sync job for a write, in one call of claim_sync_job (db/0013): it holds the task's row lock, so claims
/// of one task take turns, a stale job is superseded by a newer change, and two changes to a task are never written
/// at once. A job is the task's latest change when its task_version is the task's version (db/0007). The claim also
/// returns the job's provider connection and that connection's circuit, so the write needs no other read.
/// </summary>
public sealed class SyncJobClaimRepository(NpgsqlDataSource dataSource)
{
    // Each part of the row is named as the class it fills reads it; the id columns and consecutive_failures split it.
    private const string ClaimSql = """
        SELECT outcome, id, user_id, source, target_status, restore_state, expected_vendor_status, attempts, created_at,
               due_at, deferred_since, kind, external_id, external_container_id,
               connection_id AS id, connection_base_url AS base_url, connection_credentials AS encrypted_credentials,
               connection_status AS status,
               circuit_failures AS consecutive_failures, circuit_open_until AS open_until, circuit_hold_until AS hold_until
        FROM claim_sync_job(@Id, @LeaseSeconds, @Reclaim)
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
            ClaimSql, new { Id = id, LeaseSeconds = lease.TotalSeconds, Reclaim = reclaim }, cancellationToken: cancellationToken);
        var claims = await connection.QueryAsync<ClaimOutcome, SyncWorkItem?, StoredConnection?, CircuitState?, SyncClaim>(
            command, (outcome, work, stored, circuit) => outcome.Outcome switch
            {
                "claimed" => new SyncClaim(SyncClaimOutcome.Claimed, work, stored, circuit),
                "superseded" => new SyncClaim(SyncClaimOutcome.Superseded),
                "busy" => new SyncClaim(SyncClaimOutcome.TaskBusy),
                _ => new SyncClaim(SyncClaimOutcome.Done),
            }, splitOn: "id,id,consecutive_failures");
        return claims.Single();
    }

    private sealed class ClaimOutcome
    {
        public string Outcome { get; init; } = "";
    }
}
