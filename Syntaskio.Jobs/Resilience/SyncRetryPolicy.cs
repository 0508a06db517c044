using Microsoft.Extensions.Options;
using Npgsql;
using Syntaskio.Providers;

namespace Syntaskio.Jobs.Resilience;

/// <summary>
/// When a sync calls its vendor again, in one place: the story's backoff (1, 2, 4, 8, 16 s) and its five retries,
/// a vendor's Retry-After when it is longer, the hold waited out in place, the deferral that spends no retry, and
/// the exact due time Hangfire is handed early and the job waits out itself. Hangfire's retry engine carries it out
/// (<see cref="SyncRetryFilter"/> makes each retry a <see cref="SyncRetryState"/>).
/// </summary>
public sealed class SyncRetryPolicy(IOptions<SyncRetryOptions> options, TimeProvider time)
{
    /// <summary>The story's delays before each retry; their count is the retries a change gets.</summary>
    public static readonly IReadOnlyList<TimeSpan> Backoff =
    [
        TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(2),
        TimeSpan.FromSeconds(4),
        TimeSpan.FromSeconds(8),
        TimeSpan.FromSeconds(16),
    ];

    /// <summary>Vendor calls a change may take: the first and every retry.</summary>
    public static int MaxCalls => Backoff.Count + 1;

    /// <summary>
    /// Hangfire stores a schedule in whole seconds and starts a job up to a second early or a poll late, so a retry is
    /// handed to it this long before it is due, and the job waits out the rest (<see cref="WaitUntilDueAsync"/>).
    /// </summary>
    public static readonly TimeSpan HangfireLead = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A database error defers the job this long: it says nothing of the vendor and may follow a write the vendor
    /// took, so it spends no retry (the next run reads before it writes).
    /// </summary>
    public static readonly TimeSpan DatabaseRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Another change to the same task is being written: this one follows it after this long.</summary>
    public static readonly TimeSpan BusyTaskDelay = TimeSpan.FromSeconds(1);

    public TimeSpan HoldWaitInPlace => options.Value.HoldWaitInPlace;

    /// <summary>
    /// The state Hangfire moves a failed run to, or null to leave it failed for good (a permanent refusal, a conflict,
    /// or the retries spent). <paramref name="retriesSoFar"/> is Hangfire's RetryCount; the verdict says whether
    /// this one counts as a retry.
    /// </summary>
    public (SyncRetryState State, bool SpendsARetry)? NextState(Exception failure, int retriesSoFar)
    {
        var now = time.GetUtcNow().UtcDateTime;
        switch (failure)
        {
            case SyncDeferredException deferred:
                var until = deferred.Until > now ? deferred.Until : now;
                return (new SyncRetryState(until, deferred: true, $"Deferred: {deferred.Message}"), false);
            case NpgsqlException database:
                var reason = $"Deferred: the database did not answer ({database.Message})";
                return (new SyncRetryState(now + DatabaseRetryDelay, deferred: true, reason), false);
            case PermanentProviderException or ProviderConflictException:
                return null;
        }
        var retry = retriesSoFar + 1;
        if (retry > Backoff.Count)
            return null;
        var delay = Backoff[retry - 1];
        var retryAfter = (failure as TransientProviderException)?.RetryAfter;
        var wait = retryAfter > delay ? retryAfter.Value : delay;
        var why =
            wait > delay ? $"the provider's Retry-After of {wait.TotalSeconds:0.#} s" : $"{delay.TotalSeconds:0} s";
        var message = $"Retry attempt {retry} of {Backoff.Count} after {why}: {failure.Message}";
        return (new SyncRetryState(now + wait, deferred: false, message), true);
    }

    /// <summary>
    /// Waits until <paramref name="dueAt"/> when Hangfire started the job early; true when it waited.
    /// </summary>
    public async Task<bool> WaitUntilDueAsync(DateTime dueAt, CancellationToken cancellationToken)
    {
        var early = dueAt - time.GetUtcNow().UtcDateTime;
        if (early <= TimeSpan.Zero)
            return false;
        await Task.Delay(early, time, cancellationToken);
        return true;
    }

    /// <summary>Whether a job deferred since <paramref name="since"/> would wait past the longest deferral.</summary>
    public bool DefersTooLong(DateTime since, DateTime until) => until - since > options.Value.MaxDeferral;
}
