namespace Syntaskio.Jobs.Persistence;

/// <summary>One tasks row with the latest sync job of the task, if any (its columns prefixed sync_).</summary>
public sealed class TaskRecord
{
    public Guid Id { get; init; }
    public string Source { get; init; } = "";
    public string Kind { get; init; } = "";
    public string ExternalId { get; init; } = "";
    public string? ExternalContainerId { get; init; }
    public string Title { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTime UpdatedAt { get; init; }
    public Guid? SyncId { get; init; }
    public string? SyncStatus { get; init; }
    public string? SyncError { get; init; }
    public DateTime? SyncUpdatedAt { get; init; }
    public int? SyncAttempts { get; init; }
    public DateTime? SyncNextAttemptAt { get; init; }
    public string? SyncFailureKind { get; init; }
    public string? SyncResolution { get; init; }
    public long? SyncEventId { get; init; }
}
