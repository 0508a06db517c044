using Hangfire.States;
using Hangfire.Storage;
using Syntaskio.Jobs.Lifecycle;
using Syntaskio.Jobs.Monitoring;
using Syntaskio.Jobs.Resilience;
using Syntaskio.Providers;

namespace Syntaskio.Jobs.Processing;

/// <summary>
/// Keeps sync_jobs in step with Hangfire's state of the job, whichever side acted: a worker's retry or failure, or
/// support staff's Requeue in the dashboard (see <see cref="OnStateElection"/> for its fresh retries). These writes
/// are not atomic with Hangfire's own transaction, so each UPDATE is idempotent and never moves a completed job.
/// </summary>
public sealed class SyncJobStateFilter(ISyncJobStateWriter jobs, SyncMetrics metrics)
    : IApplyStateFilter,
        IElectStateFilter
{
    /// <summary>
    /// A manual retry (the API's or the dashboard's Requeue, of a failed or deleted job) gets a fresh set of retries:
    /// Hangfire keeps RetryCount across a requeue, so a job that used its retries would otherwise fail again after one
    /// try.
    /// </summary>
    public void OnStateElection(ElectStateContext context)
    {
        if (
            context.CandidateState is EnqueuedState
            && IsDeadLetter(context.CurrentState)
            && SyncTaskJob.SyncJobIdOf(context.BackgroundJob.Job) is not null
        )
            context.SetJobParameter(SyncRetryFilter.RetryCountParameter, 0);
    }

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (SyncTaskJob.SyncJobIdOf(context.BackgroundJob.Job) is not { } syncJobId)
            return;
        switch (context.NewState)
        {
            case FailedState failed:
                var (kind, conflict) = failed.Exception switch
                {
                    ProviderConflictException seen => ("conflict", seen),
                    PermanentProviderException => ("permanent", null),
                    _ => ((string?)null, (ProviderConflictException?)null),
                };
                var failedProvider = jobs.MarkFailed(
                    syncJobId,
                    failed.Exception.Message,
                    kind,
                    conflict?.Current,
                    conflict?.CurrentDone
                );
                if (failedProvider is not null)
                    metrics.DeadLettered(failedProvider);
                break;
            // Support deleted the job: it will never run, so the task shows what the source has, as after a failure.
            case DeletedState:
                if (jobs.MarkDeleted(syncJobId, DeletedError) is { } deletedProvider)
                    metrics.DeadLettered(deletedProvider);
                break;
            case SyncRetryState retry when context.OldStateName == ProcessingState.StateName:
                var provider = jobs.MarkRetrying(syncJobId, retry.Reason ?? "Retrying", retry.DueAt, retry.Deferred);
                if (provider is not null)
                    metrics.Rescheduled(provider, retry.Deferred);
                break;
            case EnqueuedState when IsDeadLetter(context.OldStateName):
                jobs.MarkRequeued(syncJobId);
                break;
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction) { }

    private const string DeletedError = "The sync was deleted from the support dashboard; it was not written.";

    private static bool IsDeadLetter(string? state) =>
        state == FailedState.StateName || state == DeletedState.StateName;
}
