namespace Syntaskio.Jobs.Lifecycle;

/// <summary>What moves a sync job from one <see cref="SyncState"/> to the next.</summary>
public enum SyncTrigger
{
    /// <summary>The person changed a task (the API), or pushed theirs over a conflict.</summary>
    Requested,

    /// <summary>A worker claimed the job to call the vendor.</summary>
    Claimed,

    /// <summary>A worker found a newer change to the task when it came to claim this one.</summary>
    Superseded,

    /// <summary>A vendor call failed: the attempt is counted; the job's next state is Hangfire's verdict.</summary>
    AttemptFailed,

    /// <summary>The vendor call succeeded and the vendor holds the change.</summary>
    Confirmed,

    /// <summary>Hangfire scheduled a retry (after a failed call) or a deferral (no call made).</summary>
    RetryScheduled,

    /// <summary>Hangfire failed the job for good: a permanent refusal, a conflict, or retries used up.</summary>
    FailedForGood,

    /// <summary>Support deleted the job in the dashboard: it will never run.</summary>
    Deleted,

    /// <summary>The person's retry or the dashboard's Requeue of a dead letter.</summary>
    Requeued,

    /// <summary>The person settled a conflict: kept the source's state, or pushed theirs (a new job).</summary>
    ConflictResolved,

    /// <summary>Retention deleted a settled job with its attempts.</summary>
    Retained,
}
