using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.SyncEvents;

/// <summary>The data of one event on the stream; the SSE event's id and type carry the event id and type too.</summary>
/// <remarks>
/// A connection's event (connection.needs_reconnect) names its provider and has no task or sync job. A change made at
/// the vendor (task.changed) has origin "vendor", the task's new status, the vendor's word for it and no sync job;
/// tasks added or removed there (task.list_changed) have origin "vendor", the provider and no task; every other
/// event has origin "syntaskio".
/// </remarks>
public sealed record SyncEventResponse(
    long EventId,
    string Type,
    Guid? TaskId,
    Guid? SyncJobId,
    string TaskStatus,
    int Attempt,
    DateTime? NextAttemptAt,
    string? Error,
    DateTime At,
    string? Provider,
    string Origin,
    string? VendorStatus
)
{
    public const string TaskChanged = "task.changed";

    public static SyncEventResponse From(SyncEventRecord record) =>
        new(
            record.Id,
            record.Type,
            record.TaskId,
            record.SyncJobId,
            record.TaskStatus,
            record.Attempt,
            record.NextAttemptAt,
            record.Error,
            record.CreatedAt,
            record.Provider,
            OriginOf(record.Type),
            record.VendorStatus
        );

    private static string OriginOf(string type) =>
        type is TaskChanged or SyncEventRepository.TaskListChanged ? "vendor" : "syntaskio";
}

/// <summary>
/// The first event on every stream: where it starts. A client reloads its tasks on it, then applies what follows.
/// </summary>
public sealed record StreamReady(long LastEventId);

/// <summary>
/// The last event of a stream the service ended: "superseded" when a newer stream of the same person took its place
/// (Sync:Events:MaxStreamsPerUser). A page reopens it only when the person comes back to it.
/// </summary>
public sealed record StreamClosed(string Reason, string Detail)
{
    public static readonly StreamClosed Superseded = new(
        "superseded",
        "A newer event stream of yours took this one's place: reopen it when you come back to this page."
    );
}
