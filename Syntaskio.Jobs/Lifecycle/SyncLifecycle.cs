using static Syntaskio.Jobs.Lifecycle.SyncState;
using static Syntaskio.Jobs.Lifecycle.SyncWrites;

namespace Syntaskio.Jobs.Lifecycle;

/// <summary>
/// The sync job's life, whole: its states, the transitions allowed between them, and what each writes. Every write
/// that changes a job's state (<see cref="SyncLifecycleRepository"/>, the only writer of the lifecycle's tables)
/// takes its guard from here: the SQL updates a job only while it is in one of <see cref="FromNames"/>, so the
/// table below is the rule the database keeps. A refused trigger is logged by the repository, never written.
/// </summary>
public static class SyncLifecycle
{
    private static readonly SyncState[] Unsettled = [Pending, SyncState.Processing, Failed];

    public static readonly IReadOnlyList<SyncTransition> Transitions =
    [
        new(SyncTrigger.Requested, [New], Pending, Job | SyncWrites.Task | Audit | Event, "sync.pending"),
        new(SyncTrigger.Claimed, Unsettled, SyncState.Processing, Job | Event, "sync.processing"),
        new(SyncTrigger.Superseded, Unsettled, SyncState.Superseded, Job | Event, "sync.superseded"),
        new(SyncTrigger.AttemptFailed, Unsettled, null, Job | Attempt | Audit, null),
        new(
            SyncTrigger.Confirmed,
            Unsettled,
            Completed,
            Job | SyncWrites.Task | Attempt | Audit | Event,
            "sync.completed"
        ),
        new(SyncTrigger.RetryScheduled, Unsettled, Pending, Job | Event, "sync.retrying"),
        new(SyncTrigger.FailedForGood, Unsettled, Failed, Job | SyncWrites.Task | Event, "sync.failed"),
        new(SyncTrigger.Deleted, Unsettled, Failed, Job | SyncWrites.Task | Event, "sync.failed"),
        new(SyncTrigger.Requeued, [Failed], Pending, Job | Event, "sync.pending"),
        new(SyncTrigger.ConflictResolved, [Failed], null, Job | SyncWrites.Task | Event, "sync.resolved"),
        new(SyncTrigger.Retained, [Completed, SyncState.Superseded, Failed], Removed, Job | Attempt, null),
    ];

    private static readonly Dictionary<SyncTrigger, string[]> FromNamesByTrigger = Transitions.ToDictionary(
        transition => transition.Trigger,
        transition => transition.From.Select(NameOf).ToArray()
    );

    /// <summary>The transition a trigger makes.</summary>
    public static SyncTransition Of(SyncTrigger trigger) =>
        Transitions.Single(transition => transition.Trigger == trigger);

    /// <summary>The state <paramref name="trigger"/> leads to from <paramref name="state"/>.</summary>
    /// <exception cref="SyncTransitionRefusedException">The trigger is not allowed in that state.</exception>
    public static SyncState Apply(SyncState state, SyncTrigger trigger)
    {
        var transition = Of(trigger);
        if (!transition.AllowsFrom(state))
            throw new SyncTransitionRefusedException(state, trigger);
        return transition.To ?? state;
    }

    /// <summary>The stored states (sync_jobs.status) a trigger may start from: the guard of its SQL.</summary>
    public static string[] FromNames(SyncTrigger trigger) => FromNamesByTrigger[trigger];

    /// <summary>A state as sync_jobs.status stores it.</summary>
    public static string NameOf(SyncState state) =>
        state switch
        {
            Pending => SyncStatus.Pending,
            SyncState.Processing => SyncStatus.Processing,
            Completed => SyncStatus.Completed,
            Failed => SyncStatus.Failed,
            SyncState.Superseded => SyncStatus.Superseded,
            _ => state.ToString().ToLowerInvariant(),
        };

    /// <summary>A stored sync_jobs.status as a state.</summary>
    public static SyncState Parse(string status) =>
        status switch
        {
            SyncStatus.Pending => Pending,
            SyncStatus.Processing => SyncState.Processing,
            SyncStatus.Completed => Completed,
            SyncStatus.Failed => Failed,
            SyncStatus.Superseded => SyncState.Superseded,
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a stored sync job status."),
        };
}
