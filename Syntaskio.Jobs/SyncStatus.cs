namespace Syntaskio.Jobs;

/// <summary>The story's SyncJob.status values, and superseded,, as stored in sync_jobs.status.</summary>
public static class SyncStatus
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Completed = "completed";
    public const string Failed = "failed";

    /// <summary>A newer change to the task came first: this one was never written (and never will be).</summary>
    public const string Superseded = "superseded";
}
