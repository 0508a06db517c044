using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Api.Audit;

/// <summary>One line of a task's audit trail, as the API answers it.</summary>
public sealed record AuditEntryResponse(
    long Id,
    DateTime At,
    string Actor,
    string Action,
    Guid? TaskId,
    Guid? SyncJobId,
    string? FromStatus,
    string? ToStatus,
    string? IdempotencyKey,
    string? ClientAddress,
    string? Outcome,
    string? Detail
)
{
    public static AuditEntryResponse From(AuditEntry entry) =>
        new(
            entry.Id,
            entry.At,
            entry.Actor,
            entry.Action,
            entry.TaskId,
            entry.SyncJobId,
            entry.FromStatus,
            entry.ToStatus,
            entry.IdempotencyKey,
            entry.ClientAddress,
            entry.Outcome,
            entry.Detail
        );
}
