using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.SyncJobs;

/// <summary>The story's SyncJob interface, field for field.</summary>
public sealed record SyncJobResponse(
    Guid Id,
    Guid TaskId,
    Guid UserId,
    string Source,
    string Action,
    string TargetStatus,
    int Attempts,
    int MaxAttempts,
    string Status,
    string? Error,
    DateTime ScheduledAt,
    DateTime? ProcessedAt,
    DateTime CreatedAt
)
{
    public static SyncJobResponse From(SyncJobRecord job) =>
        new(
            job.Id,
            job.TaskId,
            job.UserId,
            job.Source,
            job.Action,
            job.TargetStatus,
            job.Attempts,
            job.MaxAttempts,
            job.Status,
            job.Error,
            job.ScheduledAt,
            job.ProcessedAt,
            job.CreatedAt
        );
}
