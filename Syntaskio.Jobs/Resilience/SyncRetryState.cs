using Hangfire.States;

namespace Syntaskio.Jobs.Resilience;

/// <summary>
/// Hangfire's Scheduled state for a sync that must not call its provider before <see cref="DueAt"/>: handed to
/// Hangfire <see cref="SyncRetryPolicy.HangfireLead"/> early, never early at the vendor (see
/// <see cref="SyncRetryPolicy.WaitUntilDueAsync"/>).
/// </summary>
public sealed class SyncRetryState : ScheduledState
{
    public SyncRetryState(DateTime dueAt, bool deferred, string reason)
        : base(dueAt - SyncRetryPolicy.HangfireLead)
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
