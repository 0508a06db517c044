using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.SyncEvents;

/// <summary>The data of one event on the stream; the SSE event's id and type carry the event id and type too.</summary>
/// <remarks>A connection's event (connection.needs_reconnect) names its provider and has no task or sync job.</remarks>
public sealed record SyncEventResponse(
    long EventId, string Type, Guid? TaskId, Guid? SyncJobId, string TaskStatus, int Attempt, DateTime? NextAttemptAt, string? Error,
    DateTime At, string? Provider)
{
    public static SyncEventResponse From(SyncEventRecord record) => new(
        record.Id, record.Type, record.TaskId, record.SyncJobId, record.TaskStatus, record.Attempt, record.NextAttemptAt, record.Error,
        record.CreatedAt, record.Provider);
}

/// <summary>The first event on every stream: where it starts. A client reloads its tasks on it, then applies what follows.</summary>
public sealed record StreamReady(long LastEventId);
