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
        task.SyncId is { } syncId ? new TaskSyncSummary(syncId, task.SyncStatus!, task.SyncError, task.SyncUpdatedAt!.Value) : null);
}

public sealed record TaskSyncSummary(Guid Id, string Status, string? Error, DateTime UpdatedAt);
