namespace Syntaskio.Jobs;

/// <summary>The story's SyncJob.status values, as stored in sync_jobs.status.</summary>
public static class SyncStatus
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
