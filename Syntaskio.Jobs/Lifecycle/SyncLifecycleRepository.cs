using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Syntaskio.Jobs.Lifecycle;

/// <summary>
/// The one writer of the sync's life: sync_jobs, sync_attempts, sync_events, the lifecycle's audit_log rows, and the
/// task's status columns (status, confirmed_status, vendor_status, version). Each method is one transition of
/// <see cref="SyncLifecycle"/> and writes everything that transition writes in one statement (the events and the
/// attempts' audit rows through the triggers of db/triggers). A state change's SQL updates a job only in the states
/// <see cref="SyncLifecycle.FromNames"/> allows; a refused one writes nothing and is logged with the reason.
/// </summary>
public sealed partial class SyncLifecycleRepository(
    NpgsqlDataSource dataSource,
    ILogger<SyncLifecycleRepository> logger
) : ISyncJobStateWriter
{
    private const string StatusSql = "SELECT status FROM sync_jobs WHERE id = @Id";

    // Hangfire re-applies states and jobs run at least once, so a refusal is expected now and then: it is news for
    // whoever reads the log, not an error of the caller's.
    private void LogRefused(Guid id, SyncTrigger trigger)
    {
        using var connection = dataSource.OpenConnection();
        var status = connection.QuerySingleOrDefault<string>(StatusSql, new { Id = id });
        if (status is null)
            logger.LogInformation("Sync job {SyncJobId}: {Trigger} refused, the job is gone", id, trigger);
        else
            logger.LogInformation(
                "Sync job {SyncJobId}: {Refusal}",
                id,
                new SyncTransitionRefusedException(SyncLifecycle.Parse(status), trigger).Message
            );
    }
}
