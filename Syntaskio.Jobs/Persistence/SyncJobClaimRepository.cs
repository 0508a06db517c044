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
    private const string ClaimSql = "SELECT * FROM claim_sync_job(@Id, @LeaseSeconds, @Reclaim)";

    /// <summary>
    /// Decides whether this job writes now. <paramref name="lease"/> is how long a "processing" job counts as in
    /// flight (a crashed worker's job stops blocking after that); <paramref name="reclaim"/> is true when the
    /// caller's own run claimed it already and starts over (after the database was away).
    /// </summary>
    public async Task<SyncClaim> ClaimAsync(Guid id, TimeSpan lease, bool reclaim, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<ClaimRow>(new CommandDefinition(
            ClaimSql, new { Id = id, LeaseSeconds = lease.TotalSeconds, Reclaim = reclaim }, cancellationToken: cancellationToken));
        return row.Outcome switch
        {
            "claimed" => new SyncClaim(SyncClaimOutcome.Claimed, row.Work(), row.Connection(), row.Circuit()),
            "superseded" => new SyncClaim(SyncClaimOutcome.Superseded),
            "busy" => new SyncClaim(SyncClaimOutcome.TaskBusy),
            _ => new SyncClaim(SyncClaimOutcome.Done),
        };
    }

    private sealed class ClaimRow
    {
        public string Outcome { get; init; } = "";
        public Guid Id { get; init; }
        public Guid UserId { get; init; }
        public string Source { get; init; } = "";
        public string TargetStatus { get; init; } = "";
        public string? RestoreState { get; init; }
        public string? ExpectedVendorStatus { get; init; }
        public int Attempts { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime DueAt { get; init; }
        public DateTime? DeferredSince { get; init; }
        public string Kind { get; init; } = "";
        public string ExternalId { get; init; } = "";
        public string? ExternalContainerId { get; init; }
        public Guid? ConnectionId { get; init; }
        public string? ConnectionBaseUrl { get; init; }
        public byte[]? ConnectionCredentials { get; init; }
        public string? ConnectionStatus { get; init; }
        public int? CircuitFailures { get; init; }
        public DateTime? CircuitOpenUntil { get; init; }
        public DateTime? CircuitHoldUntil { get; init; }

        public SyncWorkItem Work() => new()
        {
            Id = Id, UserId = UserId, Source = Source, TargetStatus = TargetStatus, RestoreState = RestoreState,
            ExpectedVendorStatus = ExpectedVendorStatus, Attempts = Attempts, CreatedAt = CreatedAt, DueAt = DueAt,
            DeferredSince = DeferredSince, Kind = Kind, ExternalId = ExternalId, ExternalContainerId = ExternalContainerId,
        };

        public StoredConnection? Connection() => ConnectionId is { } connectionId
            ? new StoredConnection
            {
                Id = connectionId, BaseUrl = ConnectionBaseUrl!, EncryptedCredentials = ConnectionCredentials!,
                Status = ConnectionStatus!,
            }
            : null;

        public CircuitState? Circuit() => CircuitFailures is { } failures
            ? new CircuitState { ConsecutiveFailures = failures, OpenUntil = CircuitOpenUntil, HoldUntil = CircuitHoldUntil }
            : null;
    }
}
