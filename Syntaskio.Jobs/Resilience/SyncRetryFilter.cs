using System.Reflection;
using Hangfire;
using Hangfire.States;
using Syntaskio.Providers;

namespace Syntaskio.Jobs.Resilience;

/// <summary>
/// Runs before <see cref="AutomaticRetryAttribute"/> (Order 20) and adjusts its verdict in two cases:
/// a deferred job is rescheduled for when its provider may be called, spending no retry; and a provider's
/// Retry-After longer than the next backoff delay wins, so no provider is called again before it asked.
/// The delays and attempts are read from the job method's own [AutomaticRetry], the one place they are set.
/// </summary>
public sealed class SyncRetryFilter(TimeProvider time) : IElectStateFilter
{
    public const int Order = 10;

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not FailedState failed) return;
        switch (failed.Exception)
        {
            case SyncDeferredException deferred:
                var wait = deferred.Until - time.GetUtcNow().UtcDateTime;
                context.CandidateState = new ScheduledState(wait > TimeSpan.Zero ? wait : TimeSpan.Zero) { Reason = $"Deferred: {deferred.Message}" };
                break;
            case TransientProviderException { RetryAfter: { } retryAfter } transient
                when context.BackgroundJob.Job?.Method.GetCustomAttribute<AutomaticRetryAttribute>() is { } policy:
                var attempt = context.GetJobParameter<int>("RetryCount") + 1;
                if (attempt > policy.Attempts) return;
                var delay = TimeSpan.FromSeconds(policy.DelaysInSeconds[Math.Min(attempt, policy.DelaysInSeconds.Length) - 1]);
                context.SetJobParameter("RetryCount", attempt);
                context.CandidateState = new ScheduledState(retryAfter > delay ? retryAfter : delay)
                {
                    Reason = $"Retry attempt {attempt} of {policy.Attempts} after the provider's Retry-After of {retryAfter.TotalSeconds:0.#} s: {transient.Message}",
                };
                break;
        }
    }
}
