using System.Diagnostics;
using Hangfire.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syntaskio.Jobs.Hosting;
using Syntaskio.Jobs.Lifecycle;
using Syntaskio.Jobs.Monitoring;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Resilience;
using Syntaskio.Jobs.Scheduling;
using Syntaskio.Providers;
using Syntaskio.Providers.Calls;
using Syntaskio.Providers.Holds;

namespace Syntaskio.Jobs.Processing;

/// <summary>
/// The Hangfire job for one sync_jobs row. Its only argument is that row's id: no token or task data ever sits in
/// Hangfire's tables. When it calls its vendor again is <see cref="SyncRetryPolicy"/>'s to say (through
/// <see cref="SyncRetryFilter"/>), and <see cref="SyncJobStateFilter"/> mirrors Hangfire's verdict into sync_jobs.
/// </summary>
public sealed class SyncTaskJob(
    SyncLifecycleRepository lifecycle,
    ProviderConnectionRepository connections,
    ProviderRouter router,
    ProviderCircuitBreaker circuitBreaker,
    ProviderThrottle throttle,
    DatabaseAvailability database,
    IOptions<SyncWorkerOptions> workerOptions,
    SyncRetryPolicy retryPolicy,
    SyncMetrics metrics,
    TimeProvider time,
    ILogger<SyncTaskJob> logger
)
{
    /// <summary>The sync job a Hangfire job runs, or null when it is not one of these.</summary>
    public static Guid? SyncJobIdOf(Job? job) =>
        job?.Type == typeof(SyncTaskJob) && job.Args is [Guid id, ..] ? id : null;

    public async Task RunAsync(Guid syncJobId, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope("SyncJobId={SyncJobId}", syncJobId);
        // A database restart mid-job is waited out here and the job runs again from its claim: every step is safe
        // to repeat (the provider reads before it writes), and this run already holds the claim.
        var claimed = false;
        while (true)
        {
            try
            {
                await RunOnceAsync(syncJobId, claimed, () => claimed = true, cancellationToken);
                return;
            }
            catch (Exception exception) when (DatabaseAvailability.IsOutage(exception))
            {
                if (!await database.WaitAsync(workerOptions.Value.InvisibilityTimeout, cancellationToken))
                    throw;
                logger.LogWarning(
                    "Sync job {SyncJobId} met the database away ({Message}); running it again",
                    syncJobId,
                    exception.Message
                );
            }
        }
    }

    private async Task RunOnceAsync(
        Guid syncJobId,
        bool alreadyClaimed,
        Action onClaimed,
        CancellationToken cancellationToken
    )
    {
        var claim = await lifecycle.ClaimAsync(
            syncJobId,
            workerOptions.Value.InvisibilityTimeout,
            alreadyClaimed,
            cancellationToken
        );
        switch (claim.Outcome)
        {
            case SyncClaimOutcome.Done or SyncClaimOutcome.Superseded:
                logger.LogInformation("Sync job {SyncJobId} needs no write: {Outcome}", syncJobId, claim.Outcome);
                return;
            case SyncClaimOutcome.TaskBusy:
                throw new SyncDeferredException(
                    time.GetUtcNow().UtcDateTime + SyncRetryPolicy.BusyTaskDelay,
                    "Another change to this task (or another run of this one) is being written; this one follows it."
                );
        }
        onClaimed();
        var work = claim.Work!;
        // Hangfire is handed a retry before it is due: the rest is waited out here, and the circuit read with the
        // claim is read again after it.
        var waited = await retryPolicy.WaitUntilDueAsync(work.DueAt, cancellationToken);

        var connection = claim.Connection is { } stored
            ? connections.Unprotect(stored, work.UserId, work.Source)
            : throw new PermanentProviderException(ConnectionRemoval.Disconnected(work.Source));
        if (connection.NeedsReconnect)
            throw new PermanentProviderException(
                $"{ProviderRouter.NameOf(work.Source)} needs you to connect your account again; this change was "
                    + $"not written."
            );
        var change = new ProviderStatusChange(
            work.Kind,
            work.ExternalId,
            work.ExternalContainerId,
            TaskStatusNames.Parse(work.TargetStatus),
            work.RestoreState,
            work.ExpectedVendorStatus
        );

        var provider = router.For(work.Source);
        var connectionKey = ProviderCircuitBreaker.KeyFor(work.Source, connection);
        (ProviderWriteResult Result, SyncAttempt Attempt) written;
        try
        {
            Task<(ProviderWriteResult, SyncAttempt)> Write() =>
                WriteAsync(work, connectionKey, provider, change, connection, cancellationToken);
            written = waited
                ? await circuitBreaker.ExecuteAsync(connectionKey, Write, cancellationToken)
                : await circuitBreaker.ExecuteAsync(connectionKey, claim.Circuit, Write, cancellationToken);
        }
        catch (SyncDeferredException deferred)
            when (work.DeferredSince is { } since && retryPolicy.DefersTooLong(since, deferred.Until))
        {
            throw new PermanentProviderException(
                $"{ProviderRouter.NameOf(work.Source)} has been unavailable since {since:u}; the change was not "
                    + $"written. "
                    + $"Retry it when the provider is back ({deferred.Message})",
                innerException: deferred
            );
        }
        await lifecycle.MarkCompletedAsync(written.Attempt, written.Result, cancellationToken);
        metrics.Completed(work.Source, time.GetUtcNow().UtcDateTime - work.CreatedAt);
        logger.LogInformation(
            "Sync job {SyncJobId} confirmed: {Source} reads {VendorStatus}",
            syncJobId,
            work.Source,
            written.Result.VendorStatus
        );
    }

    private async Task<(ProviderWriteResult, SyncAttempt)> WriteAsync(
        SyncWorkItem work,
        string connectionKey,
        ITaskStatusWriter provider,
        ProviderStatusChange change,
        ProviderConnection connection,
        CancellationToken cancellationToken
    )
    {
        await using var permit = await throttle.EnterAsync(work.Source, connectionKey, work.Id, cancellationToken);
        using var call = VendorCallScope.For(connectionKey);
        try
        {
            return await CallProviderAsync(work, provider, change, connection, call, cancellationToken);
        }
        // A hold that began while this sync ran (another sync's 429, in this process or another) stops its next
        // call: it follows the hold's end, and nothing was sent, so no retry is spent.
        catch (ProviderHeldException held)
        {
            throw new SyncDeferredException(held.Until.UtcDateTime, held.Message, held);
        }
    }

    // A failed call's attempt is recorded here; a successful one's goes with the job's completion, in one statement.
    private async Task<(ProviderWriteResult, SyncAttempt)> CallProviderAsync(
        SyncWorkItem work,
        ITaskStatusWriter provider,
        ProviderStatusChange change,
        ProviderConnection connection,
        VendorCall call,
        CancellationToken cancellationToken
    )
    {
        var startedAt = time.GetUtcNow().UtcDateTime;
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await provider.ApplyAsync(change, connection, cancellationToken);
            return (result, Attempt(work, startedAt, clock, SyncAttempt.Succeeded, null, null));
        }
        catch (ProviderException exception)
        {
            // A write whose outcome is unknown may have landed: its attempt says so, and the sync is not rolled back
            // when it fails for good (SyncLifecycleRepository.MarkFailed).
            var outcome =
                call.OutcomeUnknown ? SyncAttempt.UnknownOutcome
                : exception is TransientProviderException ? SyncAttempt.RetryableError
                : SyncAttempt.PermanentError;
            var failure =
                exception is PermanentProviderException { HttpStatus: 404 } && change.ExpectedVendorStatus is not null
                    ? new ProviderConflictException(
                        work.Source,
                        change.ExpectedVendorStatus,
                        null,
                        work.TargetStatus,
                        innerException: exception
                    )
                    : exception;
            await lifecycle.RecordFailedAttemptAsync(
                Attempt(work, startedAt, clock, outcome, exception.HttpStatus, failure.Message),
                CancellationToken.None
            );
            if (RefusesTheAccount(exception))
                await connections.MarkNeedsReconnectAsync(connection.Id, exception.Message, CancellationToken.None);
            logger.LogWarning(
                "Sync job {SyncJobId} attempt {Attempt} failed ({Outcome}): {Error}",
                work.Id,
                work.Attempts,
                outcome,
                failure.Message
            );
            if (failure != exception)
                throw failure;
            throw;
        }
    }

    /// <summary>The vendor refused the person's grant or keys (not this service's own app registration).</summary>
    private static bool RefusesTheAccount(ProviderException exception) =>
        exception
            is PermanentProviderException { HttpStatus: 401 }
                or PermanentProviderException { ErrorCode: "invalid_grant" }
        && exception.ErrorCode is not ("invalid_client" or "unauthorized_client");

    private static SyncAttempt Attempt(
        SyncWorkItem work,
        DateTime startedAt,
        Stopwatch clock,
        string outcome,
        int? httpStatus,
        string? error
    ) => new(work.Id, work.Attempts, startedAt, (int)clock.ElapsedMilliseconds, outcome, httpStatus, error);
}
