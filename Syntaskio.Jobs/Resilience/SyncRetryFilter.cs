using System.Reflection;
using Hangfire;
using Hangfire.States;
using Npgsql;
using Syntaskio.Providers;

namespace Syntaskio.Jobs.Resilience;

/// <summary>
/// Runs before <see cref="AutomaticRetryAttribute"/> (Order 20) and takes over its verdict for every failure the
/// sync pipeline knows, so each retry is due at an exact moment (<see cref="SyncRetryState"/>):
/// a retryable provider failure waits the story's delay or the provider's Retry-After, whichever is longer, measured
/// from the failure; a deferred job waits for its provider without spending a retry; and a database error (PostgreSQL
/// restarting) is deferred too, since it says nothing about the provider and may follow a write the vendor took.
/// The delays and attempts are read from the job method's own [AutomaticRetry], the one place they are set.
/// </summary>
public sealed class SyncRetryFilter(TimeProvider time) : IElectStateFilter
{
    public const int Order = 10;

    private static readonly TimeSpan DatabaseRetryDelay = TimeSpan.FromSeconds(1);

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not FailedState failed) return;
        var now = time.GetUtcNow().UtcDateTime;
        switch (failed.Exception)
        {
            case SyncDeferredException deferred:
                context.CandidateState = new SyncRetryState(
                    deferred.Until > now ? deferred.Until : now, deferred: true, $"Deferred: {deferred.Message}");
                break;
            case NpgsqlException database:
                context.CandidateState = new SyncRetryState(
                    now + DatabaseRetryDelay, deferred: true, $"Deferred: the database did not answer ({database.Message})");
                break;
            case TransientProviderException transient
                when context.BackgroundJob.Job?.Method.GetCustomAttribute<AutomaticRetryAttribute>() is { } policy:
                var attempt = context.GetJobParameter<int>("RetryCount") + 1;
                if (attempt > policy.Attempts) return;
                var delay = TimeSpan.FromSeconds(policy.DelaysInSeconds[Math.Min(attempt, policy.DelaysInSeconds.Length) - 1]);
                var wait = transient.RetryAfter is { } retryAfter && retryAfter > delay ? retryAfter : delay;
                context.SetJobParameter("RetryCount", attempt);
                var why = wait > delay ? $"the provider's Retry-After of {wait.TotalSeconds:0.#} s" : $"{delay.TotalSeconds:0} s";
                context.CandidateState = new SyncRetryState(
                    now + wait, deferred: false, $"Retry attempt {attempt} of {policy.Attempts} after {why}: {transient.Message}");
                break;
        }
    }
}
