namespace Syntaskio.Jobs.Lifecycle;

/// <summary>The rows a transition writes, all in one statement of <see cref="SyncLifecycleRepository"/>.</summary>
[Flags]
public enum SyncWrites
{
    None = 0,

    /// <summary>The sync_jobs row.</summary>
    Job = 1,

    /// <summary>The task's status columns (status, confirmed_status, vendor_status, version).</summary>
    Task = 2,

    /// <summary>A sync_attempts row (and through it an audit_log row, db/functions/audit_sync_attempt.sql).</summary>
    Attempt = 4,

    /// <summary>A sync_events row and its NOTIFY (db/functions/record_sync_event.sql).</summary>
    Event = 8,

    /// <summary>An audit_log row.</summary>
    Audit = 16,
}
