using Syntaskio.Jobs.Persistence;
using Syntaskio.Providers;

namespace Syntaskio.Api.Tasks;

/// <summary>
/// A task as the dashboard shows it, with the state of its latest sync, and what its vendor lets it do besides
/// completing (a Process Plan step on the v4 API can be neither reopened nor started).
/// </summary>
public sealed record TaskResponse(
    Guid Id,
    string Source,
    string Kind,
    string ExternalId,
    string Title,
    string Status,
    TaskSyncSummary? Sync,
    bool CanReopen,
    bool CanStart
)
{
    public static TaskResponse From(TaskRecord task, TaskCapabilities capabilities) =>
        new(
            task.Id,
            task.Source,
            task.Kind,
            ExternalIds.Compose(task.ExternalContainerId, task.ExternalId),
            task.Title,
            task.Status,
            task.SyncId is { } syncId
                ? new TaskSyncSummary(
                    syncId,
                    task.SyncStatus!,
                    task.SyncError,
                    task.SyncUpdatedAt!.Value,
                    task.SyncAttempts ?? 0,
                    task.SyncNextAttemptAt,
                    task.SyncFailureKind,
                    task.SyncResolution,
                    task.SyncEventId ?? 0
                )
                : null,
            capabilities.CanReopen,
            capabilities.CanStart
        );
}

/// <summary>
/// The task's latest sync. FailureKind "conflict" asks the user to choose (POST /api/sync/jobs/{id}/resolve);
/// "unknown_outcome" says the vendor may hold the change (its answer was lost): the task keeps the person's status;
/// EventId is the task's latest event, so a client applies only stream events after it.
/// </summary>
public sealed record TaskSyncSummary(
    Guid Id,
    string Status,
    string? Error,
    DateTime UpdatedAt,
    int Attempts,
    DateTime? NextAttemptAt,
    string? FailureKind,
    string? Resolution,
    long EventId
);
