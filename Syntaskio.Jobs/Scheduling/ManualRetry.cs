using Hangfire;
using Hangfire.States;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Jobs.Scheduling;

/// <summary>
/// A user's retry of a dead-lettered sync: the same transition as the dashboard's Requeue (Failed → Enqueued), so
/// <see cref="Processing.SyncJobStateFilter"/> treats both alike and gives the job fresh retries.
/// </summary>
public sealed class ManualRetry(
    SyncJobRepository jobs,
    DeadLetterRepository deadLetters,
    IBackgroundJobClient backgroundJobs
)
{
    public async Task<(ManualRetryOutcome Outcome, SyncJobRecord? Job)> RequeueAsync(
        string subject,
        Guid syncJobId,
        CancellationToken cancellationToken
    )
    {
        var job = await jobs.FindForUserAsync(syncJobId, subject, cancellationToken);
        if (job is null)
            return (ManualRetryOutcome.NotFound, null);
        if (job.Status != SyncStatus.Failed || job.HangfireJobId is null)
            return (ManualRetryOutcome.NotFailed, job);

        var retry = new EnqueuedState { Reason = "Retried by the user" };
        var requeued =
            backgroundJobs.ChangeState(job.HangfireJobId, retry, FailedState.StateName)
            || backgroundJobs.ChangeState(job.HangfireJobId, retry, DeletedState.StateName);
        if (!requeued)
            return (ManualRetryOutcome.NotFailed, job);
        return (ManualRetryOutcome.Requeued, await jobs.FindForUserAsync(syncJobId, subject, cancellationToken));
    }

    /// <summary>
    /// Support's retry of a whole dead-letter group (a provider and an error), each job as the dashboard's Requeue
    /// would: the Hangfire job ids requeued.
    /// </summary>
    public IReadOnlyList<string> RequeueGroup(string source, string error)
    {
        var retry = new EnqueuedState { Reason = "Retried by support with its dead-letter group" };
        return deadLetters
            .GroupJobs(source, error)
            .Where(hangfireJobId => backgroundJobs.ChangeState(hangfireJobId, retry, FailedState.StateName))
            .ToList();
    }

    /// <summary>
    /// After reconnecting: every dead letter of one provider retried in one go; how many were requeued.
    /// </summary>
    public async Task<int> RequeueFailedAsync(string subject, string provider, CancellationToken cancellationToken)
    {
        var requeued = 0;
        foreach (var job in await jobs.ListForUserAsync(subject, SyncStatus.Failed, 500, cancellationToken))
        {
            if (
                job.Source == provider
                && (await RequeueAsync(subject, job.Id, cancellationToken)).Outcome == ManualRetryOutcome.Requeued
            )
                requeued++;
        }
        return requeued;
    }
}

public enum ManualRetryOutcome
{
    Requeued,
    NotFound,
    NotFailed,
}
