namespace Syntaskio.Jobs.Persistence;

/// <summary>One sync_jobs row: the story's SyncJob.</summary>
public sealed class SyncJobRecord
{
    public Guid Id { get; init; }
    public Guid TaskId { get; init; }
    public Guid UserId { get; init; }
    public string Source { get; init; } = "";
    public string Action { get; init; } = "";
    public string TargetStatus { get; init; } = "";
    public string? OriginalData { get; init; }
    public int Attempts { get; init; }
    public int MaxAttempts { get; init; }
    public string Status { get; init; } = "";
    public string? Error { get; init; }
    public DateTime ScheduledAt { get; init; }
    public DateTime? ProcessedAt { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public string? HangfireJobId { get; init; }
    public string? FailureKind { get; init; }
    public string? Resolution { get; init; }
}
