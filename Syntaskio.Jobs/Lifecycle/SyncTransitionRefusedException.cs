namespace Syntaskio.Jobs.Lifecycle;

/// <summary>A trigger that <see cref="SyncLifecycle"/> does not allow in the job's state.</summary>
public sealed class SyncTransitionRefusedException(SyncState state, SyncTrigger trigger)
    : InvalidOperationException(
        $"A sync job that is {SyncLifecycle.NameOf(state)} cannot be {trigger}: "
            + $"only a job that is {string.Join(" or ", SyncLifecycle.FromNames(trigger))} can."
    )
{
    public SyncState State { get; } = state;

    public SyncTrigger Trigger { get; } = trigger;
}
