namespace Syntaskio.Jobs.Persistence;

/// <summary>One audit_log row.</summary>
public sealed class AuditEntry
{
    public long Id { get; init; }
    public DateTime At { get; init; }
    public string Actor { get; init; } = "";
    public string Action { get; init; } = "";
    public Guid? TaskId { get; init; }
    public Guid? SyncJobId { get; init; }
    public string? FromStatus { get; init; }
    public string? ToStatus { get; init; }
    public string? IdempotencyKey { get; init; }
    public string? ClientAddress { get; init; }
    public string? Outcome { get; init; }
    public string? Detail { get; init; }
}
