using Hangfire.States;
using Syntaskio.Jobs.Processing;

namespace Syntaskio.Jobs.Resilience;

/// <summary>
/// Hangfire's verdict on a failed sync, from <see cref="SyncRetryPolicy"/>: a retry or a deferral at an exact
/// moment (<see cref="SyncRetryState"/>), or the job left failed for good. The retry count is Hangfire's own job
/// parameter, so the dashboard shows it and a Requeue resets it (<see cref="Processing.SyncJobStateFilter"/>).
/// </summary>
public sealed class SyncRetryFilter(SyncRetryPolicy policy) : IElectStateFilter
{
    public const string RetryCountParameter = "RetryCount";

    public void OnStateElection(ElectStateContext context)
    {
        if (
            context.CandidateState is not FailedState failed
            || SyncTaskJob.SyncJobIdOf(context.BackgroundJob.Job) is null
        )
            return;
        var retriesSoFar = context.GetJobParameter<int>(RetryCountParameter);
        if (policy.NextState(failed.Exception, retriesSoFar) is not var (state, spendsARetry))
            return;
        if (spendsARetry)
            context.SetJobParameter(RetryCountParameter, retriesSoFar + 1);
        context.CandidateState = state;
    }
}
