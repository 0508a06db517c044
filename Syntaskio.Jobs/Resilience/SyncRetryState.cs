using Hangfire.States;

namespace Syntaskio.Jobs.Resilience;

/// <summary>
/// Hangfire's Scheduled state for a sync that must not call its provider before <see cref="DueAt"/>. Hangfire
/// stores a schedule in whole seconds and may start a job up to a second early or a poll late, so the job is handed to Hangfire
/// <see cref="HangfireLead"/> before it is due and waits out the rest itself (see Processing.SyncTaskJob): never
/// early, and late only by the time a worker takes to start.
/// </summary>
public sealed class SyncRetryState : ScheduledState
{
    public static readonly TimeSpan HangfireLead = TimeSpan.FromSeconds(2);

    public SyncRetryState(DateTime dueAt, bool deferred, string reason)
        : base(dueAt - HangfireLead)
    {
        DueAt = dueAt;
        Deferred = deferred;
        Reason = reason;
    }

    /// <summary>The earliest moment the provider may be called (UTC).</summary>
    public DateTime DueAt { get; }

    /// <summary>True when the provider was not called (a shut circuit, a hold, a limit, the database away).</summary>
    public bool Deferred { get; }
}
