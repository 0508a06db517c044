namespace Syntaskio.Jobs.Lifecycle;

/// <summary>
/// The writes Hangfire's state changes make to sync_jobs (<see cref="SyncLifecycleRepository"/> owns the table); the
/// state filter depends on this alone, so its verdicts are unit-tested without a database.
/// </summary>
public interface ISyncJobStateWriter
{
    /// <returns>The job's provider when this call failed it, null when it was already settled.</returns>
    string? MarkFailed(Guid id, string error, string? failureKind, string? vendorStatus, bool? vendorDone);

    /// <summary>Support deleted the job in the dashboard: failed for good, as a permanent refusal.</summary>
    /// <returns>The job's provider when this call failed it, null when it was already settled.</returns>
    string? MarkDeleted(Guid id, string error);

    /// <param name="deferred">True when no provider call was made (a shut circuit, a limit, a database outage).</param>
    /// <returns>The job's provider when this call rescheduled it, null when it was already settled.</returns>
    string? MarkRetrying(Guid id, string error, DateTime scheduledAt, bool deferred);

    void MarkRequeued(Guid id);
}
