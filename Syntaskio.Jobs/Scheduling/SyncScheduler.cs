using System.Transactions;
using Hangfire;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Processing;

namespace Syntaskio.Jobs.Scheduling;

/// <summary>
/// Records a status change and schedules its sync in ONE transaction: the task's new status, the sync_jobs row and
/// the Hangfire job commit together or not at all. Hangfire.PostgreSql enlists in the ambient TransactionScope and
/// draws from the same NpgsqlDataSource, so each connection is closed before the next one opens (see
/// hangfire-notes: an open second connection would need a distributed transaction, which PostgreSQL refuses).
/// </summary>
public sealed class SyncScheduler(TaskRepository tasks, IBackgroundJobClient backgroundJobs)
{
    public async Task<SyncJobRecord?> RequestAsync(string subject, Guid taskId, SyncAction action, CancellationToken cancellationToken)
    {
        var change = new StatusChange(Guid.NewGuid(), taskId, subject, action.ToWireName(), action.Target().ToName());
        using var scope = new TransactionScope(
            TransactionScopeOption.Required,
            new TransactionOptions { IsolationLevel = IsolationLevel.ReadCommitted },
            TransactionScopeAsyncFlowOption.Enabled);

        var job = await tasks.RecordChangeAsync(change, cancellationToken);
        if (job is null) return null;

        var hangfireJobId = backgroundJobs.Enqueue<SyncTaskJob>(sync => sync.RunAsync(job.Id, CancellationToken.None));
        await tasks.SetHangfireJobIdAsync(job.Id, hangfireJobId, cancellationToken);
        scope.Complete();
        return job;
    }
}
