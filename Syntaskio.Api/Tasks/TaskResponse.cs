using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.Tasks;

/// <summary>A task as the dashboard shows it, with the state of its latest sync.</summary>
public sealed record TaskResponse(
    Guid Id, string Source, string Kind, string ExternalId, string Title, string Status, TaskSyncSummary? Sync)
{
    public static TaskResponse From(TaskRecord task) => new(
        task.Id,
        task.Source,
        task.Kind,
        ExternalIds.Compose(task.ExternalContainerId, task.ExternalId),
        task.Title,
        task.Status,
        task.SyncId is { } syncId
            ? new TaskSyncSummary(syncId, task.SyncStatus!, task.SyncError, task.SyncUpdatedAt!.Value, task.SyncAttempts ?? 0, task.SyncNextAttemptAt,
                task.SyncFailureKind, task.SyncResolution, task.SyncEventId ?? 0)
            : null);
}

/// <summary>
/// The task's latest sync. FailureKind "conflict" asks the user to choose (POST /api/sync/jobs/{id}/resolve);
/// EventId is the task's latest event, so a client applies only stream events after it.
/// </summary>
public sealed record TaskSyncSummary(
    Guid Id, string Status, string? Error, DateTime UpdatedAt, int Attempts, DateTime? NextAttemptAt, string? FailureKind, string? Resolution, long EventId);
