using System.Transactions;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Syntaskio.Jobs.Lifecycle;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Jobs.Processing;
using Syntaskio.Jobs.Resilience;
using Syntaskio.Providers;

namespace Syntaskio.Jobs.Scheduling;

/// <summary>
/// Records a status change and schedules its sync in ONE transaction: the task's new status, the sync_jobs row and
/// the Hangfire job commit together or not at all. Hangfire.PostgreSql enlists in the ambient TransactionScope and
/// draws from the same NpgsqlDataSource, so each connection is closed before the next one opens (an open second
/// connection would need a distributed transaction, which PostgreSQL refuses).
/// A repeated Idempotency-Key replays the first request's job and writes nothing. The transaction's connections come
/// from the <see cref="AcceptPool"/>, and its NOTIFYs are sent by the <see cref="AcceptAnnouncer"/> once it commits.
/// </summary>
public sealed class SyncScheduler(
    [FromKeyedServices(AcceptPool.Key)] NpgsqlDataSource dataSource,
    [FromKeyedServices(AcceptPool.Key)] SyncLifecycleRepository lifecycle,
    [FromKeyedServices(AcceptPool.Key)] SyncJobRepository jobs,
    [FromKeyedServices(AcceptPool.Key)] IBackgroundJobClient backgroundJobs,
    AcceptAnnouncer announcer
)
{
    /// <param name="clientAddress">Where the request came from, for the audit log.</param>
    /// <param name="target">The status an update leads to; the other actions have their own.</param>
    public async Task<SyncRequestResult> RequestAsync(
        string subject,
        Guid taskId,
        SyncAction action,
        string? idempotencyKey,
        CancellationToken cancellationToken,
        string? clientAddress = null,
        TargetStatus? target = null
    )
    {
        var wanted = (target ?? action.Target()).ToName();
        if (
            idempotencyKey is not null
            && await ReplayAsync(subject, taskId, action, wanted, idempotencyKey, cancellationToken) is { } replay
        )
            return replay;
        try
        {
            var job = await RecordInOwnTransactionAsync(
                subject,
                taskId,
                action,
                wanted,
                idempotencyKey,
                clientAddress,
                cancellationToken
            );
            if (job is null)
                return new SyncRequestResult(SyncRequestOutcome.TaskNotFound);
            announcer.Announce(subject, job.HangfireJobId);
            return new SyncRequestResult(SyncRequestOutcome.Accepted, job);
        }
        catch (PostgresException exception)
            when (exception.SqlState == PostgresErrorCodes.UniqueViolation && idempotencyKey is not null)
        {
            // The same key arrived twice at once: the other request won, so this one replays it.
            return (await ReplayAsync(subject, taskId, action, wanted, idempotencyKey, cancellationToken))!;
        }
    }

    private async Task<SyncRequestResult?> ReplayAsync(
        string subject,
        Guid taskId,
        SyncAction action,
        string wanted,
        string key,
        CancellationToken cancellationToken
    )
    {
        var earlier = await jobs.FindByIdempotencyKeyAsync(subject, key, cancellationToken);
        if (earlier is null)
            return null;
        return earlier.TaskId == taskId && earlier.Action == action.ToWireName() && earlier.TargetStatus == wanted
            ? new SyncRequestResult(SyncRequestOutcome.Replayed, earlier)
            : new SyncRequestResult(SyncRequestOutcome.KeyReused, earlier);
    }

    /// <summary>
    /// The user's "keep the source's" on a conflict: nothing is written to the vendor, and the task takes the source's
    /// state. Null when the job is not an unsettled conflict of this user's.
    /// </summary>
    public async Task<SyncJobRecord?> KeepSourceOverConflictAsync(
        string subject,
        Guid conflictJobId,
        CancellationToken cancellationToken
    )
    {
        var settled = await lifecycle.ResolveConflictAsync(
            subject,
            conflictJobId,
            ConflictResolution.KeptSource,
            cancellationToken
        );
        if (settled is not null)
            announcer.Announce(subject);
        return settled;
    }

    /// <summary>
    /// The user's "push ours" on a conflict: the same change again, written over what the source shows, and the
    /// conflict marked settled, in one transaction. Null when the job is not an unsettled conflict of this user's.
    /// </summary>
    public async Task<SyncJobRecord?> PushOverConflictAsync(
        string subject,
        Guid conflictJobId,
        string? clientAddress,
        CancellationToken cancellationToken
    )
    {
        var job = await PushInOwnTransactionAsync(subject, conflictJobId, clientAddress, cancellationToken);
        if (job is not null)
            announcer.Announce(subject, job.HangfireJobId);
        return job;
    }

    private async Task<SyncJobRecord?> PushInOwnTransactionAsync(
        string subject,
        Guid conflictJobId,
        string? clientAddress,
        CancellationToken cancellationToken
    )
    {
        using var scope = NewScope();
        var conflict = await lifecycle.ResolveConflictAsync(
            subject,
            conflictJobId,
            ConflictResolution.PushedOurs,
            cancellationToken
        );
        if (conflict is null)
            return null;
        var job = await RecordAndEnqueueAsync(
            new StatusChange(
                Guid.NewGuid(),
                conflict.TaskId,
                subject,
                conflict.Action,
                conflict.TargetStatus,
                IdempotencyKey: null,
                clientAddress,
                Force: true
            ),
            cancellationToken
        );
        if (job is not null)
            scope.Complete();
        return job;
    }

    private async Task<SyncJobRecord?> RecordInOwnTransactionAsync(
        string subject,
        Guid taskId,
        SyncAction action,
        string wanted,
        string? idempotencyKey,
        string? clientAddress,
        CancellationToken cancellationToken
    )
    {
        using var scope = NewScope();
        var job = await RecordAndEnqueueAsync(
            new StatusChange(
                Guid.NewGuid(),
                taskId,
                subject,
                action.ToWireName(),
                wanted,
                idempotencyKey,
                clientAddress
            ),
            cancellationToken
        );
        // An unknown task: the scope rolls back, taking the Hangfire job enqueued for it.
        if (job is not null)
            scope.Complete();
        return job;
    }

    private static TransactionScope NewScope() =>
        new(
            TransactionScopeOption.Required,
            new TransactionOptions { IsolationLevel = IsolationLevel.ReadCommitted },
            TransactionScopeAsyncFlowOption.Enabled
        );

    // The sync job's id is made here, so its Hangfire job is enqueued first and the change's one statement records
    // both; for an unknown task the scope is not completed and the enqueue rolls back with it.
    private async Task<SyncJobRecord?> RecordAndEnqueueAsync(StatusChange change, CancellationToken cancellationToken)
    {
        // Hangfire opens its connections synchronously. The transaction's connection is taken here, without blocking,
        // so Hangfire's opens find it enlisted and never wait for the pool on a request thread. Without this the API
        // deadlocked at 50 changes/s: request threads blocked on an exhausted pool, while the transactions holding the
        // pool waited for a free thread to commit. Opening sends nothing: Npgsql sends BEGIN with the first statement.
        await (await dataSource.OpenConnectionAsync(cancellationToken)).DisposeAsync();
        var hangfireJobId = backgroundJobs.Enqueue<SyncTaskJob>(sync =>
            sync.RunAsync(change.SyncJobId, CancellationToken.None)
        );
        return await lifecycle.RecordChangeAsync(
            change with
            {
                HangfireJobId = hangfireJobId,
                MaxAttempts = SyncRetryPolicy.MaxCalls,
            },
            cancellationToken
        );
    }
}
