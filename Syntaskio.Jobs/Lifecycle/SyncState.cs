namespace Syntaskio.Jobs.Lifecycle;

/// <summary>Where a sync job is in its life; all but <see cref="New"/> and <see cref="Removed"/> are stored.</summary>
public enum SyncState
{
    /// <summary>Not recorded yet: the person's change is being recorded.</summary>
    New,

    /// <summary>Waiting for a worker: just requested, retrying later, deferred, or requeued by hand.</summary>
    Pending,

    /// <summary>Claimed by a worker, which is calling the vendor.</summary>
    Processing,

    /// <summary>The vendor holds the change (confirmed).</summary>
    Completed,

    /// <summary>Failed for good: a dead letter, a conflict, or deleted by support; it can be requeued.</summary>
    Failed,

    /// <summary>A newer change to the task came first: this one was never written, and never will be.</summary>
    Superseded,

    /// <summary>Deleted by retention once settled and old.</summary>
    Removed,
}
