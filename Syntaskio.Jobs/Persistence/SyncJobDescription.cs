namespace Syntaskio.Jobs.Persistence;

/// <summary>A sync job as support sees it: the change, its task at the vendor, and the person it belongs to.</summary>
public sealed class SyncJobDescription
{
    public Guid Id { get; init; }
    public Guid TaskId { get; init; }
    public string Action { get; init; } = "";
    public string Source { get; init; } = "";
    public string Status { get; init; } = "";
    public string? Error { get; init; }
    public int Attempts { get; init; }
    public int MaxAttempts { get; init; }
    public string Title { get; init; } = "";
    public string Kind { get; init; } = "";
    public string ExternalId { get; init; } = "";
    public string? ContainerId { get; init; }
    public string Subject { get; init; } = "";
}
